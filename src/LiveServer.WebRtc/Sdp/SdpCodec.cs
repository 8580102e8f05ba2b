// RFC 8866 section 6.6 (a=rtpmap), 6.15 (a=fmtp) and RFC 4585 section 4.2 (a=rtcp-fb), gathered
// per payload type.
namespace LiveServer.WebRtc.Sdp;

/// <summary>One payload type of an m-section with its rtpmap, fmtp and rtcp-fb lines.</summary>
/// <param name="PayloadType">The RTP payload type.</param>
/// <param name="EncodingName">The encoding name as written, e.g. "opus", "VP8", "H264", "rtx".</param>
/// <param name="ClockRate">The RTP clock rate.</param>
/// <param name="Channels">Audio channels (1 when not given).</param>
/// <param name="FormatParameters">The a=fmtp parameters, if any.</param>
/// <param name="Feedback">The a=rtcp-fb values for this payload type (and for "*"), e.g. "nack pli".</param>
public sealed record SdpCodec(int PayloadType, string EncodingName, int ClockRate, int Channels, string? FormatParameters, IReadOnlyList<string> Feedback)
{
    /// <summary>True when the encoding name matches, ignoring case.</summary>
    /// <param name="name">The name to compare.</param>
    /// <returns>Whether it matches.</returns>
    public bool Is(string name) => string.Equals(EncodingName, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a "name=value" parameter from <see cref="FormatParameters"/> (names ignore case).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">Its value.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetParameter(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = null;
        if (FormatParameters is null)
        {
            return false;
        }

        foreach (var part in FormatParameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part.AsSpan(0, equals).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = part[(equals + 1)..].Trim();
                return true;
            }
        }

        return false;
    }
}
