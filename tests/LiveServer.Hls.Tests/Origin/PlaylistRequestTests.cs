using System.Globalization;
using System.Text.RegularExpressions;
using LiveServer.Hls.Origin;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// The delivery directives of a media playlist request (RFC 8216bis section 6.2.5): _HLS_msn,
/// _HLS_part (only with _HLS_msn) and _HLS_skip, read strictly from untrusted query values.
/// </summary>
public sealed partial class PlaylistRequestTests
{
    [Fact]
    public void TryParse_NoDirectives_NonBlockingFullPlaylist()
    {
        Assert.True(PlaylistRequest.TryParse(null, [], null, out var request, out var error));

        Assert.Equal(PlaylistRequest.None, request);
        Assert.False(request.Blocks);
        Assert.Empty(error);
    }

    [Fact]
    public void TryParse_MsnOnly_BlocksForTheSegment()
    {
        Assert.True(PlaylistRequest.TryParse(["5"], null, null, out var request, out _));

        Assert.Equal(new PlaylistRequest(5, null, false), request);
        Assert.True(request.Blocks);
    }

    [Fact]
    public void TryParse_MsnAndPart_BlocksForThePart()
    {
        Assert.True(PlaylistRequest.TryParse(["5"], ["3"], null, out var request, out _));

        Assert.Equal(new PlaylistRequest(5, 3, false), request);
    }

    [Theory]
    [InlineData("YES")]
    [InlineData("v2")]
    public void TryParse_Skip_DeltaUpdate(string skip)
    {
        Assert.True(PlaylistRequest.TryParse(["12"], ["0"], [skip], out var request, out _));

        Assert.Equal(new PlaylistRequest(12, 0, true), request);
    }

    [Fact]
    public void TryParse_Limits_Accepted()
    {
        Assert.True(PlaylistRequest.TryParse([PlaylistRequest.MaxSequence.ToString(CultureInfo.InvariantCulture)], ["10000"], null, out var request, out _));

        Assert.Equal(new PlaylistRequest(PlaylistRequest.MaxSequence, PlaylistRequest.MaxPart, false), request);
        Assert.True(PlaylistRequest.TryParse(["007"], null, null, out var padded, out _));
        Assert.Equal(7, padded.Sequence);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("5.0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("five")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("٣")] // an Arabic-Indic digit
    [InlineData("5\0")] // %00 after the digits
    [InlineData("1099511627777")] // MaxSequence + 1
    [InlineData("9223372036854775808")] // past long
    [InlineData("00000000000000001")] // longer than 15 characters
    public void TryParse_MalformedMsn_Refused(string? msn)
    {
        AssertRefused([msn], null, null, "_HLS_msn");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("10001")]
    [InlineData("2147483648")]
    [InlineData("x")]
    [InlineData("1\0")]
    [InlineData("")]
    public void TryParse_MalformedPart_Refused(string part)
    {
        AssertRefused(["5"], [part], null, "_HLS_part");
    }

    [Fact]
    public void TryParse_RepeatedValues_Refused()
    {
        AssertRefused(["5", "5"], null, null, "_HLS_msn");
        AssertRefused(["5"], ["1", "2"], null, "_HLS_part");
        AssertRefused(["5"], null, ["YES", "YES"], "_HLS_skip");
    }

    [Fact]
    public void TryParse_PartWithoutMsn_Refused()
    {
        AssertRefused(null, ["3"], null, "_HLS_msn");
    }

    [Theory]
    [InlineData("NO")]
    [InlineData("yes")]
    [InlineData("V2")]
    [InlineData("v3")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_OtherSkipValue_Refused(string? skip)
    {
        AssertRefused(null, null, [skip], "_HLS_skip");
    }

    [Fact]
    public void TryParse_RandomValues_NeverThrowsAndAgreesWithTheGrammar()
    {
        var random = new Random(8216);
        string[] pieces = ["0", "1", "5", "9", "00", "-", "+", " ", ".", "e", "x", "YES", "v2", "NO", "٣", "\0", "%20", "99999999"];
        string? Value() => random.Next(12) == 0 ? null : string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => pieces[random.Next(pieces.Length)]));
        string?[]? Values() => random.Next(4) switch { 0 => null, 1 => [], 2 => [Value(), Value()], _ => [Value()] };

        for (var i = 0; i < 20_000; i++)
        {
            var (msn, part, skip) = (Values(), Values(), Values());

            var parsed = PlaylistRequest.TryParse(msn, part, skip, out var request, out var error);

            var expectMsn = Expected(msn, PlaylistRequest.MaxSequence, out var sequence);
            var expectPart = Expected(part, PlaylistRequest.MaxPart, out var partIndex);
            var expectSkip = skip is not { Length: > 0 } || skip is ["YES" or "v2"];
            var valid = expectMsn && expectPart && expectSkip && !(partIndex is not null && sequence is null);
            Assert.True(valid == parsed, $"msn {Show(msn)}, part {Show(part)}, skip {Show(skip)}: parsed {parsed}, error '{error}'.");
            if (parsed)
            {
                Assert.Equal(new PlaylistRequest(sequence, (int?)partIndex, skip is { Length: > 0 }), request);
                Assert.Empty(error);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
    }

    private static void AssertRefused(string?[]? msn, string?[]? part, string?[]? skip, string named)
    {
        Assert.False(PlaylistRequest.TryParse(msn, part, skip, out var request, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Equal(PlaylistRequest.None, request);
    }

    /// <summary>The grammar: absent, or once as 1 to 15 ASCII digits of a value up to <paramref name="max"/>.</summary>
    private static bool Expected(string?[]? values, long max, out long? number)
    {
        number = null;
        if (values is not { Length: > 0 })
        {
            return true;
        }

        if (values is not [{ } text] || !Digits().IsMatch(text) || ulong.Parse(text, CultureInfo.InvariantCulture) > (ulong)max)
        {
            return false;
        }

        number = long.Parse(text, CultureInfo.InvariantCulture);
        return true;
    }

    private static string Show(string?[]? values) => values is null ? "absent" : $"[{string.Join(", ", values.Select(Quote))}]";

    private static string Quote(string? value) =>
        value is null ? "null" : $"'{string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))}'";

    [GeneratedRegex("^[0-9]{1,15}\\z")]
    private static partial Regex Digits();
}
