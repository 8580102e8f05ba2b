using System.Threading.Channels;

namespace LiveServer.Domain.Participants;

/// <summary>
/// The one interface between media sources (WebRTC sessions, test sources) and media consumers
/// (a livestream's decoders). A source publishes encoded frames; each consumer subscribes and reads
/// from its own bounded channel, so a slow consumer drops its own oldest frames and never blocks the
/// source or the other consumers. Video tracks keep the current group of pictures (keyframe and the
/// frames after it) so that a new subscriber can start decoding at once.
/// </summary>
public sealed class ParticipantTrack
{
    private const int MaxCachedGopFrames = 300;
    private readonly Lock _gate = new();
    private readonly List<Channel<EncodedFrame>> _subscribers = [];
    private readonly List<EncodedFrame> _gop = [];
    private bool _caching;
    private long _droppedFrames;

    /// <summary>Creates a track of the given kind.</summary>
    public ParticipantTrack(TrackKind kind, MediaCodec codec)
    {
        Kind = kind;
        Codec = codec;
    }

    /// <summary>Audio or video.</summary>
    public TrackKind Kind { get; }

    /// <summary>The codec of every frame on this track.</summary>
    public MediaCodec Codec { get; }

    /// <summary>Frames dropped because a subscriber was too slow, summed over subscribers.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Frames published since the track was created.</summary>
    public long PublishedFrames { get; private set; }

    /// <summary>
    /// Raised when a consumer needs a keyframe (a decoder started or lost sync). WebRTC sources
    /// answer with an RTCP PLI; sources that send keyframes periodically may ignore it.
    /// </summary>
    public event Action? KeyframeRequested;

    /// <summary>Hands one frame to every subscriber. Never blocks.</summary>
    public void Publish(EncodedFrame frame)
    {
        lock (_gate)
        {
            PublishedFrames++;
            if (Kind == TrackKind.Video)
            {
                if (frame.IsKeyframe)
                {
                    _gop.Clear();
                    _caching = true;
                }

                if (_caching && _gop.Count == MaxCachedGopFrames)
                {
                    // A GOP this long cannot be replayed whole: cache nothing until the next keyframe
                    // rather than hand a late subscriber a picture with a hole in it.
                    _gop.Clear();
                    _caching = false;
                }

                if (_caching)
                {
                    _gop.Add(frame);
                }
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(frame);
            }
        }
    }

    /// <summary>
    /// Starts a subscription. For video it begins with the cached group of pictures, so decoding can
    /// start without waiting for the next keyframe (when the group fits in <paramref name="capacity"/>).
    /// Dispose the subscription to end it.
    /// </summary>
    /// <param name="capacity">Frames the subscriber may fall behind before its oldest are dropped.</param>
    public TrackSubscription Subscribe(int capacity = 64)
    {
        TrackSubscription? subscription = null;
        var channel = Channel.CreateBounded<EncodedFrame>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ =>
            {
                Interlocked.Increment(ref _droppedFrames);
                subscription?.CountDrop();
            });
        subscription = new TrackSubscription(channel.Reader, () => Unsubscribe(channel));
        lock (_gate)
        {
            // Replay only a GOP that fits: dropping its oldest frame would drop the keyframe.
            if (_gop.Count <= capacity)
            {
                foreach (var frame in _gop)
                {
                    channel.Writer.TryWrite(frame);
                }
            }

            _subscribers.Add(channel);
        }

        return subscription;
    }

    /// <summary>Asks the source for a keyframe.</summary>
    public void RequestKeyframe() => KeyframeRequested?.Invoke();

    /// <summary>Ends every subscription: readers see the end of the stream.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            _subscribers.Clear();
            _gop.Clear();
        }
    }

    private void Unsubscribe(Channel<EncodedFrame> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }
}
