using System.Text;

namespace LiveServer.Browser.Tests;

/// <summary>
/// A syntactically valid SDP answer to a browser's WHIP offer, for tests that stand in for the WHIP
/// endpoint: every offered m-line accepted as recvonly with the offered codecs, an ICE-lite host
/// candidate on 127.0.0.1 port 9 (discard: nothing answers, so ICE never completes) and a made-up
/// DTLS fingerprint. Enough for the browser to accept it; no media can flow.
/// </summary>
public static class WhipAnswer
{
    private const string Fingerprint =
        "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:8B:16:E2:6C:0F:5E:63:3E:0B:90:7F:7C";

    /// <summary>The answer to <paramref name="offer"/>.</summary>
    public static string FromOffer(string offer)
    {
        var answer = new StringBuilder();
        var inMedia = false;
        foreach (var line in offer.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                if (!inMedia)
                {
                    answer.Append("a=ice-lite\r\n");
                }

                inMedia = true;
                answer.Append(line).Append("\r\n");
                continue;
            }

            var kept = Rewrite(line, inMedia);
            if (kept is not null)
            {
                answer.Append(kept).Append("\r\n");
            }

            if (line.StartsWith("a=mid:", StringComparison.Ordinal))
            {
                answer.Append("a=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\n");
                answer.Append("a=end-of-candidates\r\n");
            }
        }

        return answer.ToString();
    }

    private static string? Rewrite(string line, bool inMedia)
    {
        if (line.StartsWith("o=", StringComparison.Ordinal))
        {
            return "o=- 1 1 IN IP4 127.0.0.1";
        }

        if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
        {
            return "a=ice-ufrag:test";
        }

        if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
        {
            return "a=ice-pwd:testtesttesttesttesttest";
        }

        if (line.StartsWith("a=fingerprint:", StringComparison.Ordinal))
        {
            return "a=fingerprint:" + Fingerprint;
        }

        if (line.StartsWith("a=setup:", StringComparison.Ordinal))
        {
            return "a=setup:passive";
        }

        if (line == "a=sendonly")
        {
            return "a=recvonly";
        }

        string[] dropped = ["a=candidate:", "a=end-of-candidates", "a=ice-options:", "a=msid", "a=ssrc", "a=extmap-allow-mixed"];
        if (dropped.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return null;
        }

        return !inMedia || !line.StartsWith("c=", StringComparison.Ordinal) ? line : "c=IN IP4 127.0.0.1";
    }
}
