using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Ivf;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.TestSources;

/// <summary>
/// Encodes each test participant's clip once and keeps it as an IVF file in a cache folder, named by a
/// hash of every FFmpeg argument that shapes the picture (pattern, colour, name, size, rate, bitrate,
/// length). The first participant with new settings encodes it faster than real time and replays the
/// frames while they arrive; later ones read the file. Two participants creating the same clip at once
/// each write their own temporary file and rename it into place, so a reader only ever sees a whole file.
/// </summary>
/// <param name="folder">The cache folder (created when needed).</param>
/// <param name="ffmpegPath">Path of the ffmpeg binary.</param>
/// <param name="logger">Receives one line per clip read or encoded, and failures.</param>
public sealed class TestClipStore(string folder, string ffmpegPath, ILogger logger)
{
    /// <summary>Length of every clip: ten keyframe intervals of one second.</summary>
    public static readonly TimeSpan ClipLength = TimeSpan.FromSeconds(10);

    private const string FormatVersion = "test-clip-v1";

    /// <summary>The cache folder.</summary>
    public string Folder => folder;

    /// <summary>Frames in a clip of <paramref name="settings"/>.</summary>
    public static int FrameCount(TestParticipantSettings settings) => (int)(ClipLength.TotalSeconds * settings.Fps);

    /// <summary>The cache file of a clip with <paramref name="settings"/> (it may not exist yet).</summary>
    public string PathOf(TestParticipantSettings settings) =>
        Path.Combine(folder, Key(Arguments(settings, "name.txt"), "name.txt", settings.Name) + ".ivf");

    /// <summary>
    /// Fills <paramref name="clip"/> from the cache file, or encodes it (and writes the file); completes
    /// the clip in every case. A failure is logged and leaves the clip with the frames it got.
    /// </summary>
    public async Task FillAsync(TestClip clip, TestParticipantSettings settings, CancellationToken cancellationToken)
    {
        var nameFile = Path.Combine(Path.GetTempPath(), $"liveserver-name-{Guid.NewGuid():N}.txt");
        try
        {
            var path = PathOf(settings);
            if (File.Exists(path) && await TryReadAsync(path, clip, FrameCount(settings), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await File.WriteAllTextAsync(nameFile, settings.Name, cancellationToken).ConfigureAwait(false);
            await EncodeAsync(Arguments(settings, nameFile), path, clip, FrameCount(settings), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.ComponentModel.Win32Exception)
        {
            logger.LogWarning(e, "Test clip for {Name} failed; the participant shows no video", settings.Name);
        }
        finally
        {
            clip.Complete();
            File.Delete(nameFile);
        }
    }

    private static IReadOnlyList<string> Arguments(TestParticipantSettings settings, string nameFile) =>
        TestSourceArguments.Build(
            settings.Width, settings.Height, settings.Fps, settings.Pattern, settings.Color, nameFile, FrameCount(settings));

    /// <summary>A hash of the arguments, with the name file's path (random) replaced by the name it holds.</summary>
    private static string Key(IReadOnlyList<string> arguments, string nameFile, string name)
    {
        var text = new StringBuilder(FormatVersion);
        foreach (var argument in arguments)
        {
            text.Append('\n').Append(argument.Replace(nameFile, "name:" + name, StringComparison.Ordinal));
        }

        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    private async Task<bool> TryReadAsync(string path, TestClip clip, int expectedFrames, CancellationToken cancellationToken)
    {
        var frames = new List<byte[]>(expectedFrames);
        try
        {
            var file = File.OpenRead(path);
            await using (file.ConfigureAwait(false))
            {
                var reader = new IvfReader(file);
                if (await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    throw new InvalidDataException("empty file");
                }

                while (await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
                {
                    frames.Add(frame.Payload);
                }
            }

            if (frames.Count != expectedFrames)
            {
                throw new InvalidDataException($"{frames.Count} frames instead of {expectedFrames}");
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // Left behind by another version or damaged on disk: encode it again (the rename replaces it).
            logger.LogWarning("Test clip {Path} is unreadable ({Reason}); encoding it again", path, e.Message);
            return false;
        }

        foreach (var frame in frames)
        {
            clip.Add(frame);
        }

        logger.LogInformation("Test clip {Path} read from the cache: {Frames} frames", path, frames.Count);
        return true;
    }

    private async Task EncodeAsync(
        IReadOnlyList<string> arguments, string path, TestClip clip, int expectedFrames, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var watch = Stopwatch.StartNew();
        var ffmpeg = FfmpegProcess.Start(ffmpegPath, arguments, "test clip", logger, stdinIsInput: false);
        await using (ffmpeg.ConfigureAwait(false))
        {
            try
            {
                var frames = 0;
                var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    var reader = new IvfReader(ffmpeg.StandardOutput);
                    var header = await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
                    if (header is not null)
                    {
                        var writer = new IvfWriter(file);
                        await writer.WriteHeaderAsync(header, cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
                        {
                            clip.Add(frame.Payload);
                            await writer.WriteFrameAsync(frame.Timestamp, frame.Payload, cancellationToken).ConfigureAwait(false);
                            frames++;
                        }
                    }
                }

                var exit = await ffmpeg.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (exit.ExitCode == 0 && frames == expectedFrames)
                {
                    File.Move(temporary, path, overwrite: true);
                    logger.LogInformation(
                        "Test clip {Path} encoded: {Frames} frames in {ElapsedMs} ms", path, frames, watch.ElapsedMilliseconds);
                }
                else
                {
                    logger.LogWarning(
                        "Test clip {Path} not cached: {Frames} of {Expected} frames; {Exit}", path, frames, expectedFrames, exit.Describe("test clip"));
                }
            }
            finally
            {
                File.Delete(temporary);
            }
        }
    }
}
