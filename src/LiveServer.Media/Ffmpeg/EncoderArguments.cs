using System.Globalization;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Encoding;

namespace LiveServer.Media.Ffmpeg;

/// <summary>
/// FFmpeg arguments for a livestream's encoder: raw I420 video on stdin and s16le PCM from a
/// loopback TCP connection in; out, one fragmented MP4 (CMAF) stream per rendition of the ladder,
/// each written to a loopback TCP port: H.264 + AAC (AAC alone in audio mode), a keyframe at every
/// segment boundary (the same instants in every rendition), a fragment (an LL-HLS part) every
/// part length. One process scales the composited picture to every rung (split + scale), so there
/// is one compositor and the renditions' keyframes line up.
/// </summary>
public static class EncoderArguments
{
    /// <summary>The mp4 muxer's fragmenting: moov up front and empty, moof-relative offsets, a fragment at each keyframe.</summary>
    public const string FragmentFlags = "empty_moov+default_base_moof+frag_keyframe+skip_trailer";

    /// <summary>Builds the argument list.</summary>
    /// <param name="ladder">The renditions; the first is the input's size (the compositor's canvas).</param>
    /// <param name="audioPort">The loopback TCP port that serves the PCM.</param>
    /// <param name="outputPorts">One loopback TCP port per rendition, listening for FFmpeg's output.</param>
    /// <param name="segmentDuration">Segment length: the keyframe interval.</param>
    /// <param name="partDuration">Requested part length (<see cref="PartLength"/> rounds it to frames).</param>
    /// <param name="preset">The x264 preset.</param>
    /// <param name="label">Written as each output's comment, so the process list shows which livestream an encoder belongs to.</param>
    public static IReadOnlyList<string> Build(
        IReadOnlyList<Rendition> ladder,
        int audioPort,
        IReadOnlyList<int> outputPorts,
        TimeSpan segmentDuration,
        TimeSpan partDuration,
        string preset,
        string? label = null)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(outputPorts);
        if (ladder.Count == 0 || outputPorts.Count != ladder.Count)
        {
            throw new ArgumentException("One output port per rendition, and at least one rendition.", nameof(outputPorts));
        }

        var inv = CultureInfo.InvariantCulture;
        var audioOnly = ladder[0].AudioOnly;
        var top = ladder[0].Format;
        var arguments = new List<string> { "-hide_banner", "-loglevel", "warning", "-nostats" };
        if (audioOnly)
        {
            arguments.Add("-nostdin");
        }
        else
        {
            arguments.AddRange(
            [
                "-f", "rawvideo", "-pix_fmt", "yuv420p",
                "-s", string.Create(inv, $"{top.Width}x{top.Height}"),
                "-framerate", top.Fps.ToString(inv),
                "-probesize", "32", "-analyzeduration", "0", "-thread_queue_size", "64", "-i", "pipe:0",
            ]);
        }

        arguments.AddRange(
        [
            "-f", "s16le", "-ar", OutputFormat.AudioSampleRate.ToString(inv), "-ac", OutputFormat.AudioChannels.ToString(inv),
            "-probesize", "32", "-analyzeduration", "0", "-thread_queue_size", "512",
            "-i", string.Create(inv, $"tcp://127.0.0.1:{audioPort}"),
        ]);

        if (!audioOnly && ladder.Count > 1)
        {
            arguments.AddRange(["-filter_complex", ScaleGraph(ladder)]);
        }

        for (var i = 0; i < ladder.Count; i++)
        {
            var rendition = ladder[i];
            if (audioOnly)
            {
                arguments.AddRange(["-map", "0:a"]);
            }
            else
            {
                arguments.AddRange(["-map", ladder.Count > 1 ? $"[v{i}]" : "0:v", "-map", "1:a"]);
                arguments.AddRange(VideoCodec(rendition.Format, segmentDuration, preset));
            }

            arguments.AddRange(
            [
                "-c:a", "aac", "-b:a", string.Create(inv, $"{rendition.Format.AudioBitrateKbps}k"),
                "-ar", OutputFormat.AudioSampleRate.ToString(inv), "-ac", OutputFormat.AudioChannels.ToString(inv),
                "-metadata", $"comment={label ?? "liveserver"}",
                .. FragmentedMp4(rendition, partDuration),
                "-flush_packets", "1",
                string.Create(inv, $"tcp://127.0.0.1:{outputPorts[i]}"),
            ]);
        }

        return arguments;
    }

    /// <summary>
    /// The output options that make one rendition's CMAF stream: the mp4 muxer, fragmented at every
    /// keyframe and every part length.
    /// </summary>
    public static string[] FragmentedMp4(Rendition rendition, TimeSpan partDuration) =>
    [
        // AAC's priming would otherwise lengthen the first video sample by 1024 audio samples' worth.
        "-avoid_negative_ts", "make_non_negative",
        "-f", "mp4", "-movflags", FragmentFlags,
        "-frag_duration", PartLength.FragmentMicroseconds(rendition, partDuration).ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>split the input once per rung; every rung but the first scaled to its size.</summary>
    private static string ScaleGraph(IReadOnlyList<Rendition> ladder)
    {
        var inv = CultureInfo.InvariantCulture;
        var graph = new System.Text.StringBuilder();
        graph.Append(inv, $"[0:v]split={ladder.Count}[v0]");
        for (var i = 1; i < ladder.Count; i++)
        {
            graph.Append(inv, $"[u{i}]");
        }

        for (var i = 1; i < ladder.Count; i++)
        {
            graph.Append(inv, $";[u{i}]scale={ladder[i].Format.Width}:{ladder[i].Format.Height}:flags=bicubic[v{i}]");
        }

        return graph.ToString();
    }

    private static string[] VideoCodec(OutputFormat format, TimeSpan segmentDuration, string preset)
    {
        var inv = CultureInfo.InvariantCulture;
        var seconds = segmentDuration.TotalSeconds.ToString("0.###", inv);
        var gop = ((int)Math.Round(format.Fps * segmentDuration.TotalSeconds)).ToString(inv);
        var kbps = format.VideoBitrateKbps;
        return
        [
            "-c:v", "libx264", "-preset", preset, "-tune", "zerolatency", "-profile:v", "main",
            "-pix_fmt", "yuv420p",
            "-b:v", string.Create(inv, $"{kbps}k"), "-maxrate", string.Create(inv, $"{kbps}k"),
            "-bufsize", string.Create(inv, $"{kbps * 2}k"),
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
            "-force_key_frames", $"expr:gte(t,n_forced*{seconds})",
        ];
    }
}
