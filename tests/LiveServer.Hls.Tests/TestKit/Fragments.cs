using System.Globalization;
using LiveServer.Hls.Origin;

namespace LiveServer.Hls.Tests.TestKit;

/// <summary>
/// Fake CMAF fragments in the order an encoder hands them over: 0.2 s parts, a keyframe every tenth
/// part since the encoder (re)started, program date times that follow the durations, and distinct
/// bytes per part. The bytes are not real boxes: the origin never looks inside them.
/// </summary>
internal sealed class Fragments(string codecs = Fragments.VideoCodecs)
{
    public const string VideoCodecs = "avc1.64001f,mp4a.40.2";

    public const string AudioCodecs = "mp4a.40.2";

    public const int PartsPerSegment = 10;

    public static readonly TimeSpan PartDuration = TimeSpan.FromMilliseconds(200);

    /// <summary>2 s segments of ten 0.2 s parts, a live window of six segments.</summary>
    public static readonly HlsTiming Timing = new(TimeSpan.FromSeconds(2), PartDuration, LiveWindowSegments: 6);

    /// <summary>2025-01-02T03:04:05.678Z, given at +02:00 so that a playlist has to convert it to UTC.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2));

    private byte[] _init = InitSection(0);
    private int _generation;
    private int _count;
    private int _sinceStart;
    private TimeSpan _elapsed;

    /// <summary>The initialization section of encoder number <paramref name="generation"/>.</summary>
    public static byte[] InitSection(int generation) => [.. "ftypmoov"u8, (byte)generation];

    /// <summary>The bytes of the stream's part number <paramref name="number"/>.</summary>
    public static byte[] PartBytes(int number) => [.. "moofmdat"u8, .. BitConverter.GetBytes(number)];

    /// <summary>The concatenated bytes of the stream's parts <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public static byte[] PartBytes(int first, int count) => [.. Enumerable.Range(first, count).SelectMany(n => PartBytes(n))];

    /// <summary>The program date time of part number <paramref name="number"/> when every part is 0.2 s.</summary>
    public static DateTimeOffset TimeOf(int number) => Start + (PartDuration * number);

    /// <summary>EXT-X-PROGRAM-DATE-TIME's value for part number <paramref name="number"/>: ISO 8601 in UTC with milliseconds.</summary>
    public static string IsoTimeOf(int number) => TimeOf(number).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The next fragment: a keyframe every tenth part unless <paramref name="independent"/> says otherwise.</summary>
    public HlsFragment Next(TimeSpan? duration = null, bool? independent = null) =>
        Make(duration ?? PartDuration, independent ?? (_sinceStart % PartsPerSegment == 0), discontinuity: false);

    /// <summary>The first fragment of a restarted encoder: a keyframe, with new init bytes unless <paramref name="sameInit"/>.</summary>
    public HlsFragment Restart(bool sameInit = false)
    {
        if (!sameInit)
        {
            _init = InitSection(++_generation);
        }

        _sinceStart = 0;
        return Make(PartDuration, independent: true, discontinuity: true);
    }

    /// <summary>Appends the next <paramref name="parts"/> fragments.</summary>
    public void AppendTo(RenditionPlaylist playlist, int parts)
    {
        for (var i = 0; i < parts; i++)
        {
            playlist.Append(Next());
        }
    }

    private HlsFragment Make(TimeSpan duration, bool independent, bool discontinuity)
    {
        var fragment = new HlsFragment(_init, codecs, PartBytes(_count), duration, independent, Start + _elapsed, discontinuity);
        _count++;
        _sinceStart++;
        _elapsed += duration;
        return fragment;
    }
}
