using System.Buffers.Text;
using System.Text.Json;

namespace LiveServer.HubLoad;

/// <summary>
/// Reads the few things a light viewer needs out of one SignalR JSON-protocol record (one message
/// before the 0x1E separator) without deserializing it: which event it is and, per event, the bench's
/// chat stamp, the reactions' total, a poll's total, and the server's <c>at</c>. It relies on what the
/// server's JSON writer does (camelCase names, no spaces, <c>target</c> before <c>arguments</c>, one
/// payload object); the SignalR-client viewers (<c>--client signalr</c>) cross-check it in a small run.
/// </summary>
internal static class HubRecordParser
{
    private static ReadOnlySpan<byte> Target => "\"target\":\""u8;

    private static ReadOnlySpan<byte> At => "\"at\":\""u8;

    private static ReadOnlySpan<byte> ChatText => "\"message\":\"hl "u8;

    private static ReadOnlySpan<byte> Counts => "\"counts\":{"u8;

    private static ReadOnlySpan<byte> PollIdName => "\"pollId\":\""u8;

    private static ReadOnlySpan<byte> Total => "\"total\":"u8;

    /// <summary>The record's invocation target (<c>pubsubMessage</c>, …), empty for other message types.</summary>
    public static ReadOnlySpan<byte> TargetOf(ReadOnlySpan<byte> record)
    {
        var start = record.IndexOf(Target);
        if (start < 0)
        {
            return default;
        }

        var name = record[(start + Target.Length)..];
        var end = name.IndexOf((byte)'"');
        return end < 0 ? default : name[..end];
    }

    /// <summary>The payload's <c>at</c> in UTC ticks, or 0.</summary>
    public static long AtTicks(ReadOnlySpan<byte> record)
    {
        var start = record.LastIndexOf(At);
        if (start < 0)
        {
            return 0;
        }

        // The quoted value as System.Text.Json wrote it (fraction digits trimmed, offset +00:00): its own reader parses it.
        var quoted = record[(start + At.Length - 1)..];
        var end = quoted[1..].IndexOf((byte)'"');
        if (end <= 0)
        {
            return 0;
        }

        var reader = new Utf8JsonReader(quoted[..(end + 2)]);
        return reader.Read() && reader.TryGetDateTimeOffset(out var at) ? at.UtcTicks : 0;
    }

    /// <summary>The bench's chat stamp (<see cref="ChatStamp"/>) in a <c>pubsubMessage</c>.</summary>
    public static bool TryChat(ReadOnlySpan<byte> record, out int number, out long sentTicks)
    {
        number = 0;
        sentTicks = 0;
        var start = record.IndexOf(ChatText);
        if (start < 0)
        {
            return false;
        }

        var rest = record[(start + ChatText.Length)..];
        if (!Utf8Parser.TryParse(rest, out number, out var used) || used >= rest.Length || rest[used] != (byte)' ')
        {
            return false;
        }

        rest = rest[(used + 1)..];
        return Utf8Parser.TryParse(rest, out sentTicks, out used) && used < rest.Length && rest[used] == (byte)'"';
    }

    /// <summary>The sum of the counts in a <c>reactions</c> payload (<c>"counts":{"heart":12,…}</c>).</summary>
    public static long ReactionSum(ReadOnlySpan<byte> record)
    {
        var start = record.IndexOf(Counts);
        if (start < 0)
        {
            return 0;
        }

        var rest = record[(start + Counts.Length)..];
        var end = rest.IndexOf((byte)'}');
        rest = end < 0 ? default : rest[..end];
        long sum = 0;
        while (rest.IndexOf((byte)':') is var colon and >= 0)
        {
            rest = rest[(colon + 1)..];
            if (Utf8Parser.TryParse(rest, out long count, out var used))
            {
                sum += count;
                rest = rest[used..];
            }
        }

        return sum;
    }

    /// <summary>The poll id and total of a <c>pollUpdated</c> payload.</summary>
    public static bool TryPoll(ReadOnlySpan<byte> record, out string pollId, out long total)
    {
        pollId = string.Empty;
        total = 0;
        var start = record.IndexOf(PollIdName);
        var totalAt = record.IndexOf(Total);
        if (start < 0 || totalAt < 0)
        {
            return false;
        }

        var id = record[(start + PollIdName.Length)..];
        var end = id.IndexOf((byte)'"');
        if (end <= 0)
        {
            return false;
        }

        pollId = System.Text.Encoding.UTF8.GetString(id[..end]);
        return Utf8Parser.TryParse(record[(totalAt + Total.Length)..], out total, out _);
    }
}
