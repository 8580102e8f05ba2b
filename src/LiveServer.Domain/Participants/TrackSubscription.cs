using System.Threading.Channels;

namespace LiveServer.Domain.Participants;

/// <summary>One consumer's view of a <see cref="ParticipantTrack"/>. Dispose to unsubscribe.</summary>
public sealed class TrackSubscription(ChannelReader<EncodedFrame> reader, Action unsubscribe) : IDisposable
{
    private int _disposed;
    private long _dropped;

    /// <summary>Frames this subscriber lost because it fell more than its capacity behind (oldest first).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The frames, in publish order; completes when the track or the subscription ends.</summary>
    public ChannelReader<EncodedFrame> Reader { get; } = reader;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            unsubscribe();
        }
    }

    /// <summary>Counts one frame dropped from this subscription's channel.</summary>
    internal void CountDrop() => Interlocked.Increment(ref _dropped);
}
