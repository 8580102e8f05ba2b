// RFC 8216bis section 6.2.5: the delivery directives a client may add to a media playlist URI:
// _HLS_msn=<M> (block until segment M is listed), _HLS_part=<P> (and its part P; only with
// _HLS_msn), _HLS_skip=YES|v2 (a delta update). Values are decimal integers without sign.
using System.Globalization;

namespace LiveServer.Hls.Origin;

/// <summary>A media playlist request's delivery directives.</summary>
/// <param name="Sequence">_HLS_msn, or null for a request that does not block.</param>
/// <param name="Part">_HLS_part, or null.</param>
/// <param name="Skip">True for _HLS_skip=YES or v2.</param>
public sealed record PlaylistRequest(long? Sequence, int? Part, bool Skip)
{
    /// <summary>The largest media sequence number accepted (far past any livestream).</summary>
    public const long MaxSequence = 1L << 40;

    /// <summary>The largest part index accepted.</summary>
    public const int MaxPart = 10_000;

    /// <summary>A request with no directives.</summary>
    public static PlaylistRequest None { get; } = new(null, null, false);

    /// <summary>True when the request asks to be held.</summary>
    public bool Blocks => Sequence is not null;

    /// <summary>
    /// Reads the directives from the query values (null when absent). Returns false with a reason
    /// for a malformed value, a repeated one, or _HLS_part without _HLS_msn.
    /// </summary>
    public static bool TryParse(IReadOnlyList<string?>? msn, IReadOnlyList<string?>? part, IReadOnlyList<string?>? skip, out PlaylistRequest request, out string error)
    {
        request = None;
        error = string.Empty;
        if (!TryNumber("_HLS_msn", msn, MaxSequence, out var sequence, ref error)
            || !TryNumber("_HLS_part", part, MaxPart, out var partIndex, ref error))
        {
            return false;
        }

        if (partIndex is not null && sequence is null)
        {
            error = "_HLS_part needs _HLS_msn.";
            return false;
        }

        var skipDelta = false;
        if (skip is { Count: > 0 })
        {
            if (skip.Count > 1 || skip[0] is not ("YES" or "v2"))
            {
                error = "_HLS_skip must be YES or v2, once.";
                return false;
            }

            skipDelta = true;
        }

        request = new PlaylistRequest(sequence, partIndex is { } p ? (int)p : null, skipDelta);
        return true;
    }

    private static bool TryNumber(string name, IReadOnlyList<string?>? values, long max, out long? number, ref string error)
    {
        number = null;
        if (values is not { Count: > 0 })
        {
            return true;
        }

        var text = values[0];
        // Digits only: long.TryParse lets trailing NULs through even with NumberStyles.None.
        if (values.Count > 1 || string.IsNullOrEmpty(text) || text.Length > 15 || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > max)
        {
            error = $"{name} must be one whole number from 0 to {max}.";
            return false;
        }

        number = value;
        return true;
    }
}
