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

    /// <summary>Ticks produced more than 100 ms after they were due (the machine or the encoder was behind).</summary>
    public long LateTicks { get; private set; }

    /// <summary>Replaces what is drawn and mixed from the next tick on.</summary>
    public void SetScene(CompositorScene scene) => _scene = scene;

    /// <summary>Draws one frame of the current scene (also used for thumbnails and tests).</summary>
    public void Render(I420Image canvas)
    {
        var scene = _scene;
        canvas.Fill(scene.Palette.Background);
        for (var i = 0; i < scene.Tiles.Length; i++)
        {
            var tile = scene.Tiles[i];
            canvas.Fill(tile.Rect, scene.Palette.Tile);
            tile.Video?.Picture?.DrawInto(canvas, tile.Rect, _scaler);
        }
    }

    /// <summary>Runs the clock until cancelled, feeding <paramref name="feed"/>.</summary>
    public async Task RunAsync(EncoderFeed feed, CancellationToken cancellationToken)
    {
        var tickRate = TickRate;
        var started = time.GetTimestamp();
        var lateThreshold = Math.Max(2, tickRate / 10);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / tickRate), time);
            do
            {
                // Every tick that is due by now, so the count of frames and samples follows the
                // wall clock exactly, whatever the timer's granularity.
                var due = (long)(time.GetElapsedTime(started).Ticks * (double)tickRate / TimeSpan.TicksPerSecond) + 1;
                var behind = due - Ticks;
                if (behind > lateThreshold)
                {
                    LateTicks += behind - lateThreshold;
                }

                while (Ticks < due)
                {
                    await TickAsync(feed, cancellationToken).ConfigureAwait(false);
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
        _mixer.Mix(_scene.AudioSources, MemoryMarshal.Cast<byte, short>(chunk.AsSpan(0, bytes)));
        return bytes;
    }
}
