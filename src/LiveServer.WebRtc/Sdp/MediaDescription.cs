namespace LiveServer.WebRtc.Sdp;

/// <summary>One m-section of a session description, with the attributes WebRTC uses.</summary>
public sealed class MediaDescription
{
    internal MediaDescription(int lineNumber, string media, int port, string protocol, IReadOnlyList<string> formats)
    {
        LineNumber = lineNumber;
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = formats;
    }

    /// <summary>The 1-based line number of the m= line.</summary>
    public int LineNumber { get; }

    /// <summary>The media type: "audio", "video", "application", ...</summary>
    public string Media { get; }

    /// <summary>The port on the m= line (9 for browsers, 0 when rejected).</summary>
    public int Port { get; }

    /// <summary>The transport protocol, e.g. "UDP/TLS/RTP/SAVPF".</summary>
    public string Protocol { get; }

    /// <summary>The formats on the m= line (payload types for RTP).</summary>
    public IReadOnlyList<string> Formats { get; }

    /// <summary>The c= address of this section, if any.</summary>
    public string? ConnectionAddress { get; internal set; }

    /// <summary>a=mid.</summary>
    public string? Mid { get; internal set; }

    /// <summary>The direction attribute, <see cref="SdpMediaDirection.SendRecv"/> when absent.</summary>
    public SdpMediaDirection Direction { get; internal set; }

    /// <summary>True when a direction attribute was present in this section.</summary>
    public bool HasDirection { get; internal set; }

    /// <summary>a=rtcp-mux.</summary>
    public bool RtcpMux { get; internal set; }

    /// <summary>a=rtcp-rsize (RFC 5506).</summary>
    public bool RtcpReducedSize { get; internal set; }

    /// <summary>a=bundle-only (RFC 8843 section 6).</summary>
    public bool BundleOnly { get; internal set; }

    /// <summary>a=msid value (RFC 8830), if any.</summary>
    public string? Msid { get; internal set; }

    /// <summary>a=ice-ufrag in this section, if any.</summary>
    public string? IceUfrag { get; internal set; }

    /// <summary>a=ice-pwd in this section, if any.</summary>
    public string? IcePwd { get; internal set; }

    /// <summary>a=setup in this section.</summary>
    public SdpSetupRole Setup { get; internal set; }

    /// <summary>a=fingerprint lines in this section.</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints => FingerprintList;

    /// <summary>The payload types that have an a=rtpmap, in m= line order.</summary>
    public IReadOnlyList<SdpCodec> Codecs { get; internal set; } = [];

    /// <summary>a=extmap lines.</summary>
    public IReadOnlyList<SdpExtmap> Extmaps => ExtmapList;

    /// <summary>Sources from a=ssrc lines, in order of first appearance.</summary>
    public IReadOnlyList<SdpSsrc> Ssrcs { get; internal set; } = [];

    /// <summary>a=ssrc-group lines.</summary>
    public IReadOnlyList<SdpSsrcGroup> SsrcGroups => SsrcGroupList;

    /// <summary>a=rid lines.</summary>
    public IReadOnlyList<SdpRid> Rids => RidList;

    /// <summary>a=simulcast value (RFC 8853), if any.</summary>
    public string? Simulcast { get; internal set; }

    /// <summary>a=content value (RFC 4796: "slides", "main", "speaker", ...), if any.</summary>
    public string? Content { get; internal set; }

    /// <summary>True when the section is marked a=content:slides (RFC 4796), as a screen share is.</summary>
    public bool IsSlides => string.Equals(Content, "slides", StringComparison.OrdinalIgnoreCase);

    /// <summary>a=candidate values, unparsed.</summary>
    public IReadOnlyList<string> Candidates => CandidateList;

    /// <summary>a=end-of-candidates.</summary>
    public bool EndOfCandidates { get; internal set; }

    /// <summary>Every a= line of this section as written.</summary>
    public IReadOnlyList<SdpAttribute> Attributes => AttributeList;

    internal List<SdpFingerprint> FingerprintList { get; } = [];

    internal List<SdpExtmap> ExtmapList { get; } = [];

    internal List<SdpSsrcGroup> SsrcGroupList { get; } = [];

    internal List<SdpRid> RidList { get; } = [];

    internal List<string> CandidateList { get; } = [];

    internal List<SdpAttribute> AttributeList { get; } = [];

    /// <summary>Finds the extmap with the given URI.</summary>
    /// <param name="uri">The extension URI.</param>
    /// <returns>The extmap, or <see langword="null"/>.</returns>
    public SdpExtmap? FindExtmap(string uri)
    {
        foreach (var extmap in ExtmapList)
        {
            if (string.Equals(extmap.Uri, uri, StringComparison.OrdinalIgnoreCase))
            {
                return extmap;
            }
        }

        return null;
    }
}
