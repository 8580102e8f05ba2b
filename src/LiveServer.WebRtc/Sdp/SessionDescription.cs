// RFC 8866 (SDP) as browsers write WebRTC offers (RFC 8829 JSEP section 5.2): session lines v, o,
// s, t, c; session and media attributes for BUNDLE (RFC 8843), ICE (RFC 8839), DTLS (RFC 8122,
// RFC 8842), RTP (rtpmap, fmtp, rtcp-fb RFC 4585, extmap RFC 8285, ssrc and ssrc-group RFC 5576,
// msid RFC 8830, rid RFC 8851, simulcast RFC 8853). Parsing checks syntax only and reports the
// first bad line; whether an offer is acceptable is SdpAnswerBuilder's call. Not covered: b=, k=,
// r=, z= and i= lines (skipped), candidate grammar (kept as text), and semantic checks of
// simulcast and rid restrictions.
using System.Diagnostics.CodeAnalysis;

namespace LiveServer.WebRtc.Sdp;

/// <summary>A parsed session description (offer or answer).</summary>
public sealed class SessionDescription
{
    /// <summary>Largest description accepted, in characters: 128 KiB.</summary>
    public const int MaxLength = 128 * 1024;

    internal SessionDescription()
    {
    }

    /// <summary>The o= line, if present.</summary>
    public SdpOrigin? Origin { get; internal set; }

    /// <summary>The s= value.</summary>
    public string? SessionName { get; internal set; }

    /// <summary>The session-level c= address, if any.</summary>
    public string? ConnectionAddress { get; internal set; }

    /// <summary>a=group lines.</summary>
    public IReadOnlyList<SdpGroup> Groups => GroupList;

    /// <summary>Session-level a=ice-ufrag, if any.</summary>
    public string? IceUfrag { get; internal set; }

    /// <summary>Session-level a=ice-pwd, if any.</summary>
    public string? IcePwd { get; internal set; }

    /// <summary>a=ice-options tokens (session level).</summary>
    public IReadOnlyList<string> IceOptions { get; internal set; } = [];

    /// <summary>a=ice-lite.</summary>
    public bool IceLite { get; internal set; }

    /// <summary>a=extmap-allow-mixed (RFC 8285 section 6) at session level.</summary>
    public bool ExtmapAllowMixed { get; internal set; }

    /// <summary>Session-level a=fingerprint lines.</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints => FingerprintList;

    /// <summary>Session-level a=setup.</summary>
    public SdpSetupRole Setup { get; internal set; }

    /// <summary>Session-level direction attribute, if any (it is the default for every section).</summary>
    public SdpMediaDirection? Direction { get; internal set; }

    /// <summary>The m-sections in order.</summary>
    public IReadOnlyList<MediaDescription> Media => MediaList;

    /// <summary>Every session-level a= line as written.</summary>
    public IReadOnlyList<SdpAttribute> Attributes => AttributeList;

    /// <summary>The mids of the first BUNDLE group, empty when there is none.</summary>
    public IReadOnlyList<string> BundleMids
    {
        get
        {
            foreach (var group in GroupList)
            {
                if (string.Equals(group.Semantics, "BUNDLE", StringComparison.OrdinalIgnoreCase))
                {
                    return group.Mids;
                }
            }

            return [];
        }
    }

    internal List<SdpGroup> GroupList { get; } = [];

    internal List<SdpFingerprint> FingerprintList { get; } = [];

    internal List<MediaDescription> MediaList { get; } = [];

    internal List<SdpAttribute> AttributeList { get; } = [];

    /// <summary>Parses a session description. Never throws on hostile input.</summary>
    /// <param name="text">The SDP text, CRLF or LF line ends.</param>
    /// <param name="description">The description when parsing succeeds.</param>
    /// <param name="error">The first problem found, naming the line.</param>
    /// <returns><see langword="true"/> when the text is well-formed.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out SdpError? error) =>
        SdpParser.TryParse(text, out description, out error);

    /// <summary>The ICE username fragment in force for a section (media level first, then session level).</summary>
    /// <param name="media">The section.</param>
    /// <returns>The ufrag, or <see langword="null"/>.</returns>
    public string? GetIceUfrag(MediaDescription media) => media.IceUfrag ?? IceUfrag;

    /// <summary>The ICE password in force for a section.</summary>
    /// <param name="media">The section.</param>
    /// <returns>The password, or <see langword="null"/>.</returns>
    public string? GetIcePwd(MediaDescription media) => media.IcePwd ?? IcePwd;

    /// <summary>The fingerprints in force for a section.</summary>
    /// <param name="media">The section.</param>
    /// <returns>The media-level fingerprints if any, else the session-level ones.</returns>
    public IReadOnlyList<SdpFingerprint> GetFingerprints(MediaDescription media) => media.Fingerprints.Count > 0 ? media.Fingerprints : Fingerprints;

    /// <summary>The a=setup in force for a section.</summary>
    /// <param name="media">The section.</param>
    /// <returns>The role.</returns>
    public SdpSetupRole GetSetup(MediaDescription media) => media.Setup != SdpSetupRole.Unspecified ? media.Setup : Setup;
}
