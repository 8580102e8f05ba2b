using System.Runtime.InteropServices;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Audio;
using LiveServer.Media.Encoding;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Compositing;

/// <summary>
/// The livestream's master clock. At exactly the output frame rate it draws the current
/// <see cref="CompositorScene"/> into an I420 frame (background, tiles, fitted pictures) and mixes the
/// audio due for that frame, and hands both to the encoder. Inputs never hold it up: a participant
/// without a new picture shows its last one (or its placeholder) and a silent one adds nothing. In
/// audio mode it ticks every 20 ms and only mixes.
/// </summary>
public sealed class Compositor(OutputFormat format, bool audioOnly, TimeProvider time, ILogger logger)
{
    private const int AudioOnlyTickRate = 50;
    private readonly I420Scaler _scaler = new();
    private readonly AudioMixer _mixer = new();
    private volatile CompositorScene _scene = new([], ThemePalette.For(Theme.Default), []);

    /// <summary>Ticks per second: the frame rate, or 50 in audio mode.</summary>
    public int TickRate => audioOnly ? AudioOnlyTickRate : format.Fps;

    /// <summary>Bytes of the largest audio chunk one tick produces.</summary>
    public int MaxAudioChunkBytes => ((OutputFormat.AudioSampleRate / TickRate) + 1) * OutputFormat.AudioChannels * sizeof(short);

    /// <summary>Ticks done.</summary>
    public long Ticks { get; private set; }

    /// <summary>Ticks that started more than one frame late (the machine or the encoder was behind).</summary>
    public long LateTicks { get; private set; }

    /// <summary>Replaces what is drawn and mixed from the next tick on.</summary>
    public void SetScene(CompositorScene scene) => _scene = scene;

    /// <summary>Draws one frame of the current scene (also used for thumbnails and tests).</summary>
    public void Render(I420Image canvas)
    {
        var scene = _scene;
        canvas.Fill(scene.Palette.Background);
        foreach (var (video, tile) in scene.Tiles)
        {
            canvas.Fill(tile, scene.Palette.Tile);
            video?.Picture?.DrawInto(canvas, tile, _scaler);
        }
    }

    /// <summary>Runs the clock until cancelled, feeding <paramref name="feed"/>.</summary>
    public async Task RunAsync(EncoderFeed feed, CancellationToken cancellationToken)
    {
        var tickRate = TickRate;
        var frameInterval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / tickRate);
        var started = time.GetTimestamp();
        long samplesSent = 0;
        try
        {
            for (long tick = 0; ; tick++)
            {
                var due = TimeSpan.FromTicks(tick * TimeSpan.TicksPerSecond / tickRate);
                var wait = due - time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
                else if (-wait > frameInterval)
                {
                    LateTicks++;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (!audioOnly)
                {
                    var frame = await feed.RentVideoAsync(cancellationToken).ConfigureAwait(false);
                    Render(new I420Image(frame, format.Width, format.Height));
                    await feed.SubmitVideoAsync(frame, cancellationToken).ConfigureAwait(false);
                }

                var samples = (int)(((tick + 1) * OutputFormat.AudioSampleRate / tickRate) - samplesSent);
                var chunk = await feed.RentAudioAsync(cancellationToken).ConfigureAwait(false);
                var pcm = MemoryMarshal.Cast<byte, short>(chunk.AsSpan(0, samples * OutputFormat.AudioChannels * sizeof(short)));
                _mixer.Mix(_scene.AudioSources, pcm);
                await feed.SubmitAudioAsync(new AudioChunk(chunk, pcm.Length * sizeof(short)), cancellationToken).ConfigureAwait(false);
                samplesSent += samples;
                Ticks = tick + 1;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            logger.LogDebug("Compositor stopped: the encoder feed was closed");
        }
    }
}
