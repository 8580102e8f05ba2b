using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// What the compositor draws over every composed frame, last (<c>config.overlays</c>): the running
/// poll's card (<see cref="PollOverlay"/>) and floating reactions (<see cref="ReactionOverlay"/>), fed by
/// a room's <see cref="OverlayState"/>. Each is drawn only while switched on in <see cref="Enabled"/>,
/// which may change between any two frames.
/// </summary>
/// <remarks>
/// Nothing here waits or renders text on the clock: the card of each poll snapshot is laid out on the
/// thread that pushed it and swapped in through a volatile reference; reactions are taken with one
/// atomic swap per frame; sprites live in a fixed array. <see cref="Advance"/> belongs to the clock's
/// thread; <see cref="Draw"/> may also run on a capture's thread (it only reads).
/// </remarks>
public sealed class OverlayLayer
{
    /// <summary>How long a closed poll's final result stays up.</summary>
    public static readonly TimeSpan PollLinger = TimeSpan.FromSeconds(5);

    private readonly int _frameRate;
    private readonly bool _landscape;
    private readonly MaskCache? _givenMasks;
    private readonly Lock _attachGate = new();
    private MaskCache? _masks;
    private volatile OverlayConfig _enabled = OverlayConfig.None;
    private volatile PollOverlay? _poll;
    private volatile Attachment? _attached;

    /// <summary>
    /// A layer for a <paramref name="format"/> canvas at <paramref name="frameRate"/> frames a second.
    /// Text masks come from <paramref name="masks"/>, else from a cache of the shared rasterizer made on
    /// the first attach.
    /// </summary>
    public OverlayLayer(OutputFormat format, int frameRate, MaskCache? masks = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameRate, 1);
        Areas = OverlayAreas.For(format.Width, format.Height);
        _frameRate = frameRate;
        _landscape = format.Width >= format.Height;
        _givenMasks = masks;
    }

    /// <summary>Where the card and the reactions may draw.</summary>
    public OverlayAreas Areas { get; }

    /// <summary>Which overlays are drawn, from the next frame on.</summary>
    public OverlayConfig Enabled
    {
        get => _enabled;
        set => _enabled = value ?? OverlayConfig.None;
    }

    /// <summary>Where the current poll's card is (whether or not it is shown now); empty without a poll.</summary>
    public PixelRect PollCard => _poll?.Card ?? default;

    /// <summary>The question as the current card shows it (ellipsized to the card's inner width); empty without a poll.</summary>
    public AlphaMask PollQuestion => _poll?.Question ?? AlphaMask.Empty;

    /// <summary>The widest a line of the current card may be; 0 without a poll.</summary>
    public int PollInnerWidth => _poll?.InnerWidth ?? 0;

    /// <summary>Reaction sprites alive now.</summary>
    public int LiveSprites => _attached?.Reactions.Alive ?? 0;

    /// <summary>Reaction sprites not spawned because as many as allowed were alive.</summary>
    public long DroppedSprites => _attached?.Reactions.Dropped ?? 0;

    /// <summary>Reaction sprites alive at most.</summary>
    public static int MaxSprites => ReactionOverlay.MaxSprites;

    /// <summary>
    /// Draws the overlays of <paramref name="state"/> (replacing an earlier one) until the returned
    /// handle is disposed. Renders the sprites of its reaction types and the card of its current poll
    /// now, on the caller's thread: call it off the clock.
    /// </summary>
    public IDisposable Attach(OverlayState state, uint seed = 0x2545f491)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_attachGate)
        {
            _masks ??= _givenMasks ?? new MaskCache(SharedRasterizer(), 256);
            _attached?.Subscription?.Dispose();
            var reactions = new ReactionOverlay(state.ReactionTypes, Areas.Reactions, Areas.Unit, _frameRate, _masks, seed);

            // Reactions from before the livestream (or the previous one) are not this picture's.
            _ = state.TakeReactions();
            var attachment = new Attachment(this, state, reactions);
            _attached = attachment;
            attachment.Subscription = state.Subscribe(snapshot => OnPoll(attachment, snapshot));
            return attachment;
        }
    }

    /// <summary>One frame of time on the clock: takes the reactions pushed since the last frame and moves the sprites.</summary>
    public void Advance()
    {
        if (_attached is { } attached)
        {
            attached.Reactions.Advance(attached.State.TakeReactions(), _enabled.Reactions);
        }
    }

    /// <summary>
    /// Draws the overlays switched on into <paramref name="canvas"/> in <paramref name="palette"/>'s
    /// colours: the card while its poll is open or closed less than <see cref="PollLinger"/> before
    /// <paramref name="now"/> (the frame's time), then the sprites. Allocates nothing.
    /// </summary>
    public void Draw(I420Image canvas, ThemePalette palette, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(palette);
        var enabled = _enabled;
        if (enabled.Poll && _poll is { } poll && (poll.Snapshot.ClosedAt is not { } closedAt || now < closedAt + PollLinger))
        {
            poll.Draw(canvas, palette);
        }

        if (enabled.Reactions && _attached is { } attached)
        {
            attached.Reactions.Draw(canvas, palette);
        }
    }

    private void OnPoll(Attachment attachment, PollSnapshot? snapshot)
    {
        // Runs on the pushing thread, in push order (the state calls back under its lock).
        var card = snapshot is null ? null : PollOverlay.Prepare(snapshot, Areas.Poll, Areas.Unit, _landscape, _masks!);
        if (_attached == attachment)
        {
            _poll = card;
        }
    }

    private void Detach(Attachment attachment)
    {
        lock (_attachGate)
        {
            attachment.Subscription?.Dispose();
            if (_attached == attachment)
            {
                _attached = null;
                _poll = null;
            }
        }
    }

    /// <summary>The process's rasterizer, or null where SkiaSharp cannot load (the compositor logs that once).</summary>
    private static TextRasterizer? SharedRasterizer()
    {
        try
        {
            return TextRasterizer.Shared;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>One attached state: its sprites and its subscription to poll snapshots.</summary>
    private sealed class Attachment(OverlayLayer layer, OverlayState state, ReactionOverlay reactions) : IDisposable
    {
        public OverlayState State { get; } = state;

        public ReactionOverlay Reactions { get; } = reactions;

        public IDisposable? Subscription { get; set; }

        public void Dispose() => layer.Detach(this);
    }
}
