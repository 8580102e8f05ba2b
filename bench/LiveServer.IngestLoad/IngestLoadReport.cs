using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LiveServer.IngestLoad;

/// <summary>The printed table and the JSON + markdown files in bench/results/.</summary>
internal sealed record IngestLoadReport(DateTimeOffset At, string Machine, string Stream, string Srtp, IReadOnlyList<IngestStepResult> Steps)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly string[] Header =
        ["sessions", "rate", "s", "sent/s", "received/s", "loss %", "kernel drops", "server cores", "packets/s per core", "Mbit/s per core", "frames/s", "NACKs", "client cores"];

    public string Table(bool markdown)
    {
        var rows = Steps.Select(s => new[]
        {
            s.Sessions.ToString(CultureInfo.InvariantCulture),
            s.Rate,
            s.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
            s.SentPerSecond.ToString("N0", CultureInfo.InvariantCulture),
            s.ReceivedPerSecond.ToString("N0", CultureInfo.InvariantCulture),
            s.LossPercent.ToString("0.0", CultureInfo.InvariantCulture),
            s.KernelReceiveBufferDrops.ToString(CultureInfo.InvariantCulture),
            s.ServerCores.ToString("0.00", CultureInfo.InvariantCulture),
            s.PacketsPerCoreSecond.ToString("N0", CultureInfo.InvariantCulture),
            s.MegabitsPerCoreSecond.ToString("N0", CultureInfo.InvariantCulture),
            s.FramesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
            s.NacksReceived.ToString(CultureInfo.InvariantCulture),
            s.ClientCores.ToString("0.00", CultureInfo.InvariantCulture),
        }).ToList();
        var widths = Header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) => text.AppendLine(markdown
            ? "| " + string.Join(" | ", cells) + " |"
            : string.Join("  ", cells.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        Line(Header);
        if (markdown)
        {
            Line(Header.Select((_, i) => i < 2 ? "---" : "---:").ToList());
        }

        rows.ForEach(Line);
        return text.ToString();
    }

    public string Markdown() => $"""
        # WebRTC ingest cost

        {At:yyyy-MM-dd HH:mm} UTC, {Machine}. Command: `scripts/ingest-load.sh`.

        Path measured: the server process's UDP receive → SRTP unprotect ({Srtp}) → RTP parse and routing → jitter buffer, NACK → VP8 depacketize → participant track.
        Stream ("captured"): {Stream}. Each packet is protected live by the load generator with our SrtpContext (sequence numbers keep increasing, so the replay window accepts every one).
        received/s and loss come from the server's own transport counters (`GET /v2/rooms/{"{id}"}/participants`); server cores = CPU seconds of the server process (/proc/<pid>/stat utime + stime) over the step's wall time; packets/s per core = packets received / server CPU seconds.
        At `max` the senders outrun the server on purpose: the loss is the kernel dropping datagrams when the server's socket buffer (the server asks for 4 MiB) is full ("kernel drops": RcvbufErrors of /proc/net/snmp, machine-wide), mostly while the server's receive thread waits for a core. On loopback the kernel delivers a datagram in the sender's context, so the server's CPU is its user-space path plus its receive system calls.

        {Table(markdown: true)}
        """;

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var json = JsonSerializer.Serialize(this, JsonOptions);
        await File.WriteAllTextAsync(Path.Combine(folder, "ingest-load.json"), json, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "ingest-load.md"), Markdown(), cancellationToken);
    }
}
