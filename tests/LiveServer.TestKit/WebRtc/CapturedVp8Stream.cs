// A VP8 RTP stream as a browser would put it on the wire, before SRTP: FFmpeg encodes a moving
// test picture (testsrc2) with libvpx once, the IVF file is cached, and every frame is split into
// RTP packets per RFC 7741 (one-byte payload descriptor with S=1 on the first packet of a frame, PID
// 0; marker bit on the last packet; 90 kHz timestamps). Packets are at most MaxPacketSize bytes,
// like Chrome's ~1200-byte packets. Sequence numbers, timestamps and SSRC are rewritten when the
// stream is replayed (see Vp8StreamReplay), so it can loop forever with a valid, increasing RTP stream.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using LiveServer.Media.Ivf;

namespace LiveServer.TestKit.WebRtc;

/// <summary>The packets of an encoded clip, in send order, with each one's RTP timestamp offset.</summary>
public sealed class CapturedVp8Stream
{
    /// <summary>Largest RTP packet (header + descriptor + payload) the packetizer produces.</summary>
    public const int MaxPacketSize = 1200;

    /// <summary>RTP clock rate of video.</summary>
    public const int ClockRate = 90000;

    private const int HeaderSize = 12;

    private CapturedVp8Stream(string path, int width, int height, int fps, IReadOnlyList<RtpTemplate> packets, int frames, int keyframes)
    {
        Path = path;
        Width = width;
        Height = height;
        Fps = fps;
        Packets = packets;
        Frames = frames;
        Keyframes = keyframes;
        PayloadBytes = packets.Sum(p => (long)p.Bytes.Length);
    }

    /// <summary>The cached IVF file.</summary>
    public string Path { get; }

    /// <summary>Picture width.</summary>
    public int Width { get; }

    /// <summary>Picture height.</summary>
    public int Height { get; }

    /// <summary>Frames per second of the clip.</summary>
    public int Fps { get; }

    /// <summary>The RTP packets (SSRC 0, sequence numbers from 0) in send order.</summary>
    public IReadOnlyList<RtpTemplate> Packets { get; }

    /// <summary>Frames in the clip.</summary>
    public int Frames { get; }

    /// <summary>Keyframes in the clip.</summary>
    public int Keyframes { get; }

    /// <summary>Total RTP bytes (headers included) of one pass.</summary>
    public long PayloadBytes { get; }

    /// <summary>How long one pass lasts in real time.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / Fps);

    /// <summary>RTP timestamp advance of one pass.</summary>
    public uint TimestampSpan => (uint)(Frames * (ClockRate / Fps));

    /// <summary>Packets per second when replayed in real time.</summary>
    public double RealTimePacketsPerSecond => Packets.Count / Duration.TotalSeconds;

    /// <summary>Bits per second (RTP) when replayed in real time.</summary>
    public double RealTimeBitsPerSecond => PayloadBytes * 8 / Duration.TotalSeconds;

    /// <summary>One line saying what the stream is.</summary>
    public string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"VP8 {Width}x{Height} {Fps} fps, {Duration.TotalSeconds:0.#} s testsrc2 encoded once by FFmpeg/libvpx ({Frames} frames, {Keyframes} keyframes), " +
        $"packetized per RFC 7741 into {Packets.Count} RTP packets of at most {MaxPacketSize} bytes ({RealTimePacketsPerSecond:0} packets/s, {RealTimeBitsPerSecond / 1e6:0.00} Mbit/s in real time)");

    /// <summary>
    /// Loads the clip from <paramref name="cacheFolder"/>, encoding it first with FFmpeg if it is not there.
    /// </summary>
    public static async Task<CapturedVp8Stream> LoadAsync(
        string cacheFolder, int width, int height, int fps, TimeSpan length, int kilobitsPerSecond, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheFolder);
        string path = System.IO.Path.Combine(cacheFolder, string.Create(
            CultureInfo.InvariantCulture, $"testsrc2-{width}x{height}-{fps}fps-{length.TotalSeconds:0}s-{kilobitsPerSecond}k.ivf"));
        if (!File.Exists(path))
        {
            await EncodeAsync(path, width, height, fps, length, kilobitsPerSecond, cancellationToken);
        }

        var packets = new List<RtpTemplate>();
        int frames = 0;
        int keyframes = 0;
        await using (var file = File.OpenRead(path))
        {
            var reader = new IvfReader(file);
            _ = await reader.ReadHeaderAsync(cancellationToken) ?? throw new InvalidDataException($"{path} is empty.");
            while (await reader.ReadFrameAsync(cancellationToken) is { } frame)
            {
                // RFC 6386 9.1: bit 0 of the frame tag is 0 for a keyframe.
                if ((frame.Payload[0] & 1) == 0)
                {
                    keyframes++;
                }

                Packetize(frame.Payload, (uint)(frames * (ClockRate / fps)), packets);
                frames++;
            }
        }

        if (frames == 0)
        {
            throw new InvalidDataException($"{path} holds no frames.");
        }

        return new CapturedVp8Stream(path, width, height, fps, packets, frames, keyframes);
    }

    private static void Packetize(byte[] frame, uint timestamp, List<RtpTemplate> packets)
    {
        const int chunk = MaxPacketSize - HeaderSize - 1;
        for (int offset = 0; offset < frame.Length; offset += chunk)
        {
            int size = Math.Min(chunk, frame.Length - offset);
            bool last = offset + size == frame.Length;
            var packet = new byte[HeaderSize + 1 + size];
            packet[0] = 0x80;
            packet[1] = (byte)((last ? 0x80 : 0) | WhipPublisher.Vp8PayloadType);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packets.Count);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);

            // RFC 7741 4.2: X=0, R=0, N=0, S=1 at the start of the partition, PID=0.
            packet[HeaderSize] = (byte)(offset == 0 ? 0x10 : 0x00);
            frame.AsSpan(offset, size).CopyTo(packet.AsSpan(HeaderSize + 1));
            packets.Add(new RtpTemplate(packet, timestamp));
        }
    }

    private static async Task EncodeAsync(string path, int width, int height, int fps, TimeSpan length, int kilobitsPerSecond, CancellationToken cancellationToken)
    {
        string temporary = path + ".part";
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])[
            "-hide_banner", "-v", "error", "-nostdin",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate={fps}"),
            "-t", length.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-c:v", "libvpx", "-b:v", kilobitsPerSecond + "k", "-deadline", "realtime", "-cpu-used", "8",
            "-g", (fps * 2).ToString(CultureInfo.InvariantCulture), "-auto-alt-ref", "0", "-lag-in-frames", "0",
            "-f", "ivf", "-y", temporary])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not encode the clip ({process.ExitCode}): {await errors}");
        }

        File.Move(temporary, path, overwrite: true);
    }
}
