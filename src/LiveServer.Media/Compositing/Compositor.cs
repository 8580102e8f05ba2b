using System.Runtime.InteropServices;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Audio;
using LiveServer.Media.Encoding;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Compositing;

/// <summary>
/// The livestream's master clock. At exactly the output frame rate it draws the current
/// <see cref="CompositorScene"/> into an I420 frame (background, tiles, fitted pictures, name labels,
/// placeholders with initials, the speaking border, a template page's image, then the <see cref="Overlays"/>) and mixes the audio due for that frame, and hands
/// both to the encoder. Inputs never hold it up: a participant without a new picture shows its last
/// one (or its placeholder) and a silent one adds nothing. In audio mode it ticks every 20 ms and only
/// mixes.
/// </summary>
/// <remarks>
/// Text is rendered when a scene is set (<see cref="SetScene"/>, off the clock) and kept in a
/// <see cref="MaskCache"/>; a tick only blends finished masks and allocates nothing.
/// </remarks>
public sealed class Compositor(OutputFormat format, bool audioOnly, TimeProvider time, ILogger logger)
{
    private const int AudioOnlyTickRate = 50;
    private readonly I420Scaler _scaler = new();
    private readonly AudioMixer _mixer = new();
    private readonly MaskCache _masks = new(LoadRasterizer(logger));
    private readonly OverlayLayer _overlays = new(format, format.Fps);
    private readonly int _borderThickness = Math.Max(2, Math.Min(format.Width, format.Height) / 180) & ~1;
    private long _startedUtcTicks;
    private long _finishAt = long.MaxValue;
    private volatile PreparedScene _prepared = new(new CompositorScene([], ThemePalette.For(Theme.Default), []), []);

    /// <summary>Ticks per second: the frame rate, or 50 in audio mode.</summary>
    public int TickRate => audioOnly ? AudioOnlyTickRate : format.Fps;

    /// <summary>Bytes of the largest audio chunk one tick produces.</summary>
    public int MaxAudioChunkBytes => ((OutputFormat.AudioSampleRate / TickRate) + 1) * OutputFormat.AudioChannels * sizeof(short);

    /// <summary>
    /// The wall-clock time tick number <paramref name="tick"/> is composed at: the clock's start
    /// plus the tick's place on it (late ticks are stamped with the time they were due, so the
    /// stamps follow the media timeline). Null before the clock started.
    /// </summary>
    public DateTimeOffset? TimeOfTick(long tick)
    {
        var started = Volatile.Read(ref _startedUtcTicks);
        return started == 0 ? null : new DateTimeOffset(started, TimeSpan.Zero) + TimeSpan.FromSeconds((double)tick / TickRate);
    }

    /// <summary>Ticks done.</summary>
    public long Ticks { get; private set; }

    /// <summary>Ticks produced more than 100 ms after they were due (the machine or the encoder was behind).</summary>
    public long LateTicks { get; private set; }

    /// <summary>The masks of labels, initials and shapes kept across scenes.</summary>
    public MaskCache Masks => _masks;

    /// <summary>The poll card and reactions drawn over every frame (<c>config.overlays</c>).</summary>
    public OverlayLayer Overlays => _overlays;

    /// <summary>
    /// Replaces what is drawn and mixed from the next tick on. Renders the text of every tile that is
    /// not cached yet (names, initials), so call it off the clock, as the pipeline does on changes.
    /// </summary>
    public void SetScene(CompositorScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var artwork = new TileArtwork[scene.Tiles.Length];
        for (var i = 0; i < artwork.Length; i++)
        {
            var tile = scene.Tiles[i];
            artwork[i] = TileArtwork.Create(tile, _borderThickness, _masks);
            tile.Video?.PreferSize(tile.Rect.Width, tile.Rect.Height);
        }

        _prepared = new PreparedScene(scene, artwork);
    }

    /// <summary>
    /// Draws one frame of the current scene into <paramref name="canvas"/> (the clock's, or a test's),
    /// the overlays last; each call is one frame of the overlays' animation.
    /// </summary>
    public void Render(I420Image canvas)
    {
        var prepared = _prepared;
        Draw(prepared, canvas, _scaler);
        _overlays.Advance();
        _overlays.Draw(canvas, prepared.Scene.Palette, TimeOfTick(Ticks) ?? time.GetUtcNow());
    }

    /// <summary>
    /// Renders the current scene into a new picture of the output size and encodes it as a still image
    /// (a thumbnail): <see cref="I420ImageEncoder.Encode"/> explains <paramref name="width"/> and
    /// <paramref name="height"/>. Safe to call from any thread while the clock runs; allocates, so
    /// it is for requests, not for ticks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or above <see cref="I420ImageEncoder.MaxDimension"/>, or the quality is outside 1..100.</exception>
    public byte[] Capture(ImageFormat imageFormat = ImageFormat.Png, int? width = null, int? height = null, int jpegQuality = I420ImageEncoder.DefaultJpegQuality)
    {
        I420ImageEncoder.TargetSize(format.Width, format.Height, width, height);
        var canvas = new I420Image(new byte[I420Image.SizeOf(format.Width, format.Height)], format.Width, format.Height);

        // Its own scaler: the clock's keeps per-size tables that only the clock's thread may touch.
        var prepared = _prepared;
        Draw(prepared, canvas, new I420Scaler());
        _overlays.Draw(canvas, prepared.Scene.Palette, time.GetUtcNow());
        return I420ImageEncoder.Encode(canvas, imageFormat, width, height, jpegQuality);
    }

    /// <summary>
    /// Ends the clock at this instant: <see cref="RunAsync"/> still makes every tick due by now (those
    /// a clock held back by a slow encoder owes), then returns. What was live until the stop is then
    /// in the output, and its last frame's time is not before the stop. Idempotent.
    /// </summary>
    public void Finish() => Interlocked.CompareExchange(ref _finishAt, time.GetTimestamp(), long.MaxValue);

    /// <summary>Runs the clock until cancelled, or until the ticks due at <see cref="Finish"/> are made; feeds <paramref name="feed"/>.</summary>
    public async Task RunAsync(EncoderFeed feed, CancellationToken cancellationToken)
    {
        var tickRate = TickRate;
        var started = time.GetTimestamp();
        Volatile.Write(ref _startedUtcTicks, time.GetUtcNow().UtcTicks);
        var lateThreshold = Math.Max(2, tickRate / 10);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / tickRate), time);
            do
            {
                // Every tick that is due by now, so the count of frames and samples follows the
                // wall clock exactly, whatever the timer's granularity.
                var finishAt = Interlocked.Read(ref _finishAt);
                var until = finishAt == long.MaxValue ? time.GetTimestamp() : finishAt;
                var due = (long)(time.GetElapsedTime(started, until).Ticks * (double)tickRate / TimeSpan.TicksPerSecond) + 1;
                var behind = due - Ticks;
                if (behind > lateThreshold)
                {
                    if (LateTicks == 0)
                    {
                        logger.LogWarning(
                            "The compositor fell {Behind} ticks behind real time (the machine or the encoder is too slow); further late ticks are counted, not logged",
                            behind);
                    }

                    LateTicks += behind - lateThreshold;
                }

                while (Ticks < due)
                {
                    await TickAsync(feed, cancellationToken).ConfigureAwait(false);
                }

                if (finishAt != long.MaxValue)
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            logger.LogDebug("Compositor stopped: the encoder feed was closed");
        }
    }

    /// <summary>Renders and mixes tick number <see cref="Ticks"/> into the feed.</summary>
    private async ValueTask TickAsync(EncoderFeed feed, CancellationToken cancellationToken)
    {
        if (!audioOnly)
        {
            var frame = await feed.RentVideoAsync(cancellationToken).ConfigureAwait(false);
            Render(new I420Image(frame, format.Width, format.Height));
            await feed.SubmitVideoAsync(frame, cancellationToken).ConfigureAwait(false);
        }

        var chunk = await feed.RentAudioAsync(cancellationToken).ConfigureAwait(false);
        var length = MixAudio(chunk);
        await feed.SubmitAudioAsync(new AudioChunk(chunk, length), cancellationToken).ConfigureAwait(false);
        Ticks++;
    }

    /// <summary>Mixes the samples of the current tick into <paramref name="chunk"/>; returns the bytes written.</summary>
    private int MixAudio(byte[] chunk)
    {
        var samples = (int)(((Ticks + 1) * OutputFormat.AudioSampleRate / TickRate) - (Ticks * OutputFormat.AudioSampleRate / TickRate));
        var bytes = samples * OutputFormat.AudioChannels * sizeof(short);
        _mixer.Mix(_prepared.Scene.AudioSources, MemoryMarshal.Cast<byte, short>(chunk.AsSpan(0, bytes)));
        return bytes;
    }

    /// <summary>Background, then per tile: fill, picture or placeholder, label, speaking border; then the template page, if any.</summary>
    private static void Draw(PreparedScene prepared, I420Image canvas, I420Scaler scaler)
    {
        var scene = prepared.Scene;
        var palette = scene.Palette;
        canvas.Fill(palette.Background);
        var page = scene.Page?.Invoke();
        if (scene.Page is not null && page is null)
        {
            return;
        }

        for (var i = 0; i < scene.Tiles.Length; i++)
        {
            var tile = scene.Tiles[i];
            var artwork = prepared.Artwork[i];
            canvas.Fill(tile.Rect, palette.Tile);
            if (tile.Video?.Picture?.DrawInto(canvas, tile.Rect, scaler, tile.Fit) != true)
            {
                artwork.DrawPlaceholder(canvas, palette);
            }

            artwork.DrawLabel(canvas, palette);
            if (tile.Speaking)
            {
                canvas.DrawBorder(tile.Rect, artwork.BorderThickness, palette.Accent);
            }
        }

        page?.DrawOver(canvas);
    }

    /// <summary>The process's text rasterizer; null (no text, logged) when SkiaSharp cannot load.</summary>
    private static TextRasterizer? LoadRasterizer(ILogger logger)
    {
        try
        {
            var rasterizer = TextRasterizer.Shared;
            if (rasterizer.UsesFallbackFont)
            {
                logger.LogWarning(
                    "Font {FontPath} not found (install fonts-dejavu-core); names are drawn in {Family}",
                    TextRasterizer.DefaultFontPath,
                    rasterizer.FamilyName);
            }

            return rasterizer;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            logger.LogError(e, "SkiaSharp's native library could not be loaded; tiles are drawn without names");
            return null;
        }
    }

    /// <summary>A scene and its tiles' artwork, swapped in together so a tick sees one or the other whole.</summary>
    private sealed record PreparedScene(CompositorScene Scene, TileArtwork[] Artwork);
}
