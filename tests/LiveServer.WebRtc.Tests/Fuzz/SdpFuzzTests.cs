using LiveServer.WebRtc.Sdp;
using LiveServer.WebRtc.Tests.Sdp;

namespace LiveServer.WebRtc.Tests.Fuzz;

/// <summary>
/// Mutated browser offers and random text through the SDP parser and the answer builder, with
/// fixed seeds: nothing may throw, every refusal is a typed error, every answer parses back.
/// </summary>
public sealed class SdpFuzzTests
{
    private const int MutatedCases = 30_000;
    private const int RandomCases = 4_000;

    private static readonly string[] Interesting =
    [
        ":", " ", "/", "=", "-", "*", "0", "65536", "4294967296", "-1", "999999999999", "\t", "\0", "\r", "\n", "é", "\uFFFF", "a=", "m=", "IN", "IP4",
    ];

    [Fact]
    public void MutatedOffers_NeverThrowAndRefusalsAreTypedErrors()
    {
        var random = new Random(9001);
        var builder = new SdpAnswerBuilder(SdpFixtures.AnswerOptions);
        string[][] seeds =
        [
            SdpFixtures.ChromeOffer.Split("\r\n"),
            SdpFixtures.FirefoxOffer.Split("\r\n"),
        ];
        var parseErrors = new Dictionary<SdpErrorCode, int>();
        var buildErrors = new Dictionary<SdpErrorCode, int>();
        var answers = 0;
        for (var i = 0; i < MutatedCases; i++)
        {
            var lines = new List<string>(seeds[random.Next(seeds.Length)]);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                MutateLines(random, lines);
            }

            var text = string.Join(random.Next(8) == 0 ? "\n" : "\r\n", lines);
            if (!SessionDescription.TryParse(text, out var offer, out var error))
            {
                AssertWellFormed(error, lines.Count + 1);
                parseErrors[error.Code] = parseErrors.GetValueOrDefault(error.Code) + 1;
                continue;
            }

            if (!builder.TryBuild(offer, out var answer, out error))
            {
                AssertWellFormed(error, lines.Count + 1);
                buildErrors[error.Code] = buildErrors.GetValueOrDefault(error.Code) + 1;
                continue;
            }

            answers++;
            Assert.True(SessionDescription.TryParse(answer.Sdp, out var reparsed, out var answerError), answerError?.ToString());
            Assert.Equal(offer.Media.Count, reparsed.Media.Count);
            Assert.All(answer.Media.Where(m => m.Accepted), m => Assert.NotNull(m.Codec));
        }

        Assert.True(answers > MutatedCases / 10, $"answers {answers}");
        Assert.True(parseErrors.Values.Sum() > MutatedCases / 10, $"parse errors {parseErrors.Values.Sum()}");
        Assert.True(buildErrors.Values.Sum() > 0, "no answer refusals");
        Assert.Equal(MutatedCases, answers + parseErrors.Values.Sum() + buildErrors.Values.Sum());
        foreach (var code in new[] { SdpErrorCode.MalformedLine, SdpErrorCode.MalformedMediaLine, SdpErrorCode.MalformedAttribute, SdpErrorCode.BadVersion })
        {
            Assert.True(parseErrors.GetValueOrDefault(code) > 0, $"no {code}");
        }
    }

    [Fact]
    public void RandomText_NeverThrows()
    {
        var random = new Random(9002);
        var refused = 0;
        var alphabet = "v=0\r\nmoasct IN IP4 UDP/TLS/RTP/SAVPF 96 rtpmap:fmtp: VP8/90000 abc123:/;*-".ToCharArray();
        for (var i = 0; i < RandomCases; i++)
        {
            var chars = new char[random.Next(0, 400)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = random.Next(10) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)];
            }

            var text = (random.Next(2) == 0 ? "v=0\r\n" : string.Empty) + new string(chars);
            if (!SessionDescription.TryParse(text, out var offer, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
                refused++;
                continue;
            }

            if (!new SdpAnswerBuilder(SdpFixtures.AnswerOptions).TryBuild(offer, out _, out error))
            {
                refused++;
            }
        }

        Assert.True(refused > RandomCases / 2, $"refused {refused}");
    }

    private static void AssertWellFormed(SdpError error, int lineCount)
    {
        Assert.NotEqual(SdpErrorCode.None, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.InRange(error.LineNumber, 0, lineCount);
        Assert.True(error.Line is null || error.Line.Length <= 120);
    }

    private static void MutateLines(Random random, List<string> lines)
    {
        if (lines.Count == 0)
        {
            lines.Add("v=0");
            return;
        }

        var index = random.Next(lines.Count);
        var line = lines[index];
        switch (random.Next(9))
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                lines.Insert(index, line);
                break;
            case 2:
                var other = random.Next(lines.Count);
                (lines[index], lines[other]) = (lines[other], lines[index]);
                break;
            case 3:
                lines[index] = line[..random.Next(line.Length + 1)];
                break;
            case 4:
                lines.Insert(index, RandomLine(random));
                break;
            case 5:
                if (line.Length > 0)
                {
                    var at = random.Next(line.Length);
                    lines[index] = line[..at] + Interesting[random.Next(Interesting.Length)] + line[(at + 1)..];
                }

                break;
            case 6:
                // Replace a number on the line with an extreme one.
                var digits = line.AsSpan().IndexOfAnyInRange('0', '9');
                if (digits >= 0)
                {
                    lines[index] = line[..digits] + Interesting[random.Next(6, 11)] + line[(digits + 1)..];
                }

                break;
            case 7:
                lines[index] = line + " " + Interesting[random.Next(Interesting.Length)];
                break;
            default:
                // Drop every line of one attribute kind: the way a real offer goes wrong.
                var prefix = line.Split(':')[0];
                lines.RemoveAll(l => l.StartsWith(prefix, StringComparison.Ordinal) && random.Next(2) == 0);
                break;
        }
    }

    private static string RandomLine(Random random)
    {
        var kinds = new[] { "a=", "m=", "c=", "b=", "x=", "=", "a=rtpmap:", "a=fmtp:", "a=extmap:", "a=ssrc:", "a=ssrc-group:FID ", "a=rtcp-fb:", "a=fingerprint:sha-256 " };
        var chars = new char[random.Next(0, 30)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(32, 127);
        }

        return kinds[random.Next(kinds.Length)] + new string(chars);
    }
}
