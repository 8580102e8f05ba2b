using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LiveServer.WebRtc.Sdp;

/// <summary>The line-by-line parser behind <see cref="SessionDescription.TryParse"/>.</summary>
internal static class SdpParser
{
    private const int MaxQuotedLine = 120;

    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out SdpError? error)
    {
        description = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new SdpError(SdpErrorCode.Empty, "The session description is empty.");
            return false;
        }

        if (text.Length > SessionDescription.MaxLength)
        {
            error = new SdpError(SdpErrorCode.TooLarge, $"The session description is longer than {SessionDescription.MaxLength} characters.");
            return false;
        }

        var session = new SessionDescription();
        SectionBuilder? section = null;
        var lineNumber = 0;
        var sawVersion = false;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.AsSpan(start, end - start).TrimEnd("\r \t");
            start = end + 1;
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            string? problem;
            var code = SdpErrorCode.MalformedLine;
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                problem = "A line must be a lower-case letter, '=' and a value.";
            }
            else if (!sawVersion)
            {
                sawVersion = true;
                code = SdpErrorCode.BadVersion;
                problem = line.SequenceEqual("v=0") ? null : "The description must start with \"v=0\".";
            }
            else
            {
                var value = line[2..].ToString();
                switch (line[0])
                {
                    case 'v':
                        code = SdpErrorCode.BadVersion;
                        problem = "Only one v= line is allowed.";
                        break;
                    case 'o':
                        code = SdpErrorCode.MalformedOrigin;
                        problem = section is null ? ParseOrigin(session, value) : "o= belongs at session level.";
                        break;
                    case 's':
                        session.SessionName ??= value;
                        problem = null;
                        break;
                    case 'c':
                        problem = ParseConnection(value, out var address);
                        if (section is null)
                        {
                            session.ConnectionAddress = address;
                        }
                        else
                        {
                            section.Media.ConnectionAddress = address;
                        }

                        break;
                    case 'm':
                        section?.Complete();
                        code = SdpErrorCode.MalformedMediaLine;
                        problem = ParseMediaLine(value, lineNumber, out var media);
                        if (media is not null)
                        {
                            section = new SectionBuilder(media);
                            session.MediaList.Add(media);
                        }

                        break;
                    case 'a':
                        code = SdpErrorCode.MalformedAttribute;
                        problem = ParseAttribute(session, section, value);
                        break;
                    default:
                        // t, b, i, u, e, p, r, z, k: nothing WebRTC needs.
                        problem = null;
                        break;
                }
            }

            if (problem is not null)
            {
                var quoted = line.Length > MaxQuotedLine ? line[..MaxQuotedLine].ToString() : line.ToString();
                error = new SdpError(code, problem, lineNumber, quoted);
                return false;
            }
        }

        section?.Complete();
        if (!sawVersion)
        {
            error = new SdpError(SdpErrorCode.BadVersion, "The description must start with \"v=0\".");
            return false;
        }

        var mids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var media in session.MediaList)
        {
            if (media.Mid is not null && !mids.Add(media.Mid))
            {
                error = new SdpError(SdpErrorCode.BadMid, $"The mid \"{media.Mid}\" is used by more than one m-section.", media.LineNumber);
                return false;
            }
        }

        description = session;
        error = null;
        return true;
    }

    private static string? ParseOrigin(SessionDescription session, string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            return "o= needs six fields: username, session id, version, network type, address type, address.";
        }

        session.Origin = new SdpOrigin(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        return null;
    }

    private static string? ParseConnection(string value, out string? address)
    {
        address = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0] != "IN" || (parts[1] != "IP4" && parts[1] != "IP6"))
        {
            return "c= must be \"IN IP4|IP6 <address>\".";
        }

        address = parts[2];
        return null;
    }

    private static string? ParseMediaLine(string value, int lineNumber, out MediaDescription? media)
    {
        media = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            return "m= needs media, port, protocol and at least one format.";
        }

        var portText = parts[1].AsSpan();
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryParseInt(portText[(slash + 1)..], out _))
            {
                return "The port count after '/' is not a number.";
            }

            portText = portText[..slash];
        }

        if (!TryParseInt(portText, out var port) || port > 65535)
        {
            return "The port is not a number in 0..65535.";
        }

        var protocol = parts[2];
        var formats = parts[3..];
        if (protocol.Contains("RTP/", StringComparison.Ordinal))
        {
            foreach (var format in formats)
            {
                if (!TryParseInt(format, out var pt) || pt > 127)
                {
                    return $"The RTP format \"{format}\" is not a payload type in 0..127.";
                }
            }
        }

        media = new MediaDescription(lineNumber, parts[0], port, protocol, formats);
        return null;
    }

    private static string? ParseAttribute(SessionDescription session, SectionBuilder? section, string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        var value = colon < 0 ? null : text[(colon + 1)..];
        if (name.Length == 0)
        {
            return "The attribute has no name.";
        }

        var media = section?.Media;
        (media?.AttributeList ?? session.AttributeList).Add(new SdpAttribute(name, value));
        switch (name)
        {
            case "group":
                return ParseGroup(session, value);
            case "ice-ufrag":
                if (!IsIceString(value, 4))
                {
                    return "ice-ufrag must be 4..256 characters of ALPHA, DIGIT, '+' or '/'.";
                }

                if (media is null)
                {
                    session.IceUfrag = value;
                }
                else
                {
                    media.IceUfrag = value;
                }

                return null;
            case "ice-pwd":
                if (!IsIceString(value, 22))
                {
                    return "ice-pwd must be 22..256 characters of ALPHA, DIGIT, '+' or '/'.";
                }

                if (media is null)
                {
                    session.IcePwd = value;
                }
                else
                {
                    media.IcePwd = value;
                }

                return null;
            case "ice-options":
                if (media is null)
                {
                    session.IceOptions = (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                }

                return null;
            case "ice-lite":
                session.IceLite = true;
                return null;
            case "extmap-allow-mixed":
                session.ExtmapAllowMixed |= media is null;
                return null;
            case "fingerprint":
                if (value is null || !SdpFingerprint.TryParse(value, out var fingerprint))
                {
                    return "fingerprint must be \"<hash-function> <hex pairs separated by ':'>\".";
                }

                (media?.FingerprintList ?? session.FingerprintList).Add(fingerprint);
                return null;
            case "setup":
                var role = value switch
                {
                    "actpass" => SdpSetupRole.ActPass,
                    "active" => SdpSetupRole.Active,
                    "passive" => SdpSetupRole.Passive,
                    "holdconn" => SdpSetupRole.HoldConn,
                    _ => SdpSetupRole.Unspecified,
                };
                if (role == SdpSetupRole.Unspecified)
                {
                    return "setup must be actpass, active, passive or holdconn.";
                }

                if (media is null)
                {
                    session.Setup = role;
                }
                else
                {
                    media.Setup = role;
                }

                return null;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                _ = TryParseDirection(name, out var direction);
                if (media is null)
                {
                    session.Direction = direction;
                }
                else
                {
                    media.Direction = direction;
                    media.HasDirection = true;
                }

                return null;
        }

        if (section is null)
        {
            // The rest are media-level attributes; at session level they are kept as text only.
            return null;
        }

        return section.ParseMediaAttribute(name, value);
    }

    private static string? ParseGroup(SessionDescription session, string? value)
    {
        var parts = (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "group needs a semantics token.";
        }

        session.GroupList.Add(new SdpGroup(parts[0], parts[1..]));
        return null;
    }

    internal static bool IsIceString(string? value, int minLength)
    {
        if (value is null || value.Length < minLength || value.Length > 256)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseDirection(ReadOnlySpan<char> text, out SdpMediaDirection direction)
    {
        direction = text switch
        {
            "sendrecv" => SdpMediaDirection.SendRecv,
            "sendonly" => SdpMediaDirection.SendOnly,
            "recvonly" => SdpMediaDirection.RecvOnly,
            "inactive" => SdpMediaDirection.Inactive,
            _ => SdpMediaDirection.SendRecv,
        };
        return text is "sendrecv" or "sendonly" or "recvonly" or "inactive";
    }

    internal static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryParseUInt(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Collects the per-payload-type lines of one m-section, which may come in any order.</summary>
    private sealed class SectionBuilder(MediaDescription media)
    {
        private readonly Dictionary<int, (string Name, int ClockRate, int Channels)> _rtpmaps = [];
        private readonly Dictionary<int, string> _fmtps = [];
        private readonly Dictionary<int, List<string>> _feedback = [];
        private readonly List<string> _wildcardFeedback = [];
        private readonly List<uint> _ssrcOrder = [];
        private readonly Dictionary<uint, (string? Cname, string? Msid)> _ssrcs = [];

        public MediaDescription Media { get; } = media;

        public string? ParseMediaAttribute(string name, string? value)
        {
            switch (name)
            {
                case "mid":
                    if (string.IsNullOrEmpty(value))
                    {
                        return "mid needs a value.";
                    }

                    Media.Mid = value;
                    return null;
                case "rtcp-mux":
                    Media.RtcpMux = true;
                    return null;
                case "rtcp-rsize":
                    Media.RtcpReducedSize = true;
                    return null;
                case "bundle-only":
                    Media.BundleOnly = true;
                    return null;
                case "msid":
                    Media.Msid = value;
                    return null;
                case "rtpmap":
                    return ParseRtpmap(value);
                case "fmtp":
                    return ParseFmtp(value);
                case "rtcp-fb":
                    return ParseRtcpFeedback(value);
                case "extmap":
                    return ParseExtmap(value);
                case "ssrc":
                    return ParseSsrc(value);
                case "ssrc-group":
                    return ParseSsrcGroup(value);
                case "rid":
                    return ParseRid(value);
                case "simulcast":
                    Media.Simulcast = value;
                    return null;
                case "content":
                    Media.Content = value;
                    return null;
                case "candidate":
                    if (string.IsNullOrEmpty(value))
                    {
                        return "candidate needs a value.";
                    }

                    Media.CandidateList.Add(value);
                    return null;
                case "end-of-candidates":
                    Media.EndOfCandidates = true;
                    return null;
                default:
                    return null;
            }
        }

        public void Complete()
        {
            var codecs = new List<SdpCodec>();
            foreach (var format in Media.Formats)
            {
                if (!TryParseInt(format, out var pt) || !_rtpmaps.TryGetValue(pt, out var map))
                {
                    continue;
                }

                var feedback = new List<string>(_wildcardFeedback);
                if (_feedback.TryGetValue(pt, out var own))
                {
                    feedback.AddRange(own);
                }

                codecs.Add(new SdpCodec(pt, map.Name, map.ClockRate, map.Channels, _fmtps.GetValueOrDefault(pt), feedback));
            }

            Media.Codecs = codecs;
            var ssrcs = new List<SdpSsrc>(_ssrcOrder.Count);
            foreach (var ssrc in _ssrcOrder)
            {
                var (cname, msid) = _ssrcs[ssrc];
                ssrcs.Add(new SdpSsrc(ssrc, cname, msid));
            }

            Media.Ssrcs = ssrcs;
        }

        private static bool TrySplitPayloadType(string? value, out int payloadType, out string rest)
        {
            payloadType = 0;
            rest = string.Empty;
            if (value is null)
            {
                return false;
            }

            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var head = space < 0 ? value : value[..space];
            rest = space < 0 ? string.Empty : value[(space + 1)..].Trim();
            return TryParseInt(head, out payloadType) && payloadType <= 127;
        }

        private string? ParseRtpmap(string? value)
        {
            if (!TrySplitPayloadType(value, out var pt, out var rest) || rest.Length == 0)
            {
                return "rtpmap must be \"<payload type> <encoding>/<clock rate>[/<channels>]\".";
            }

            var parts = rest.Split('/');
            var channels = 1;
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0
                || !TryParseInt(parts[1], out var clockRate) || clockRate == 0
                || (parts.Length == 3 && (!TryParseInt(parts[2], out channels) || channels == 0)))
            {
                return "rtpmap must be \"<payload type> <encoding>/<clock rate>[/<channels>]\".";
            }

            _rtpmaps[pt] = (parts[0], clockRate, channels);
            return null;
        }

        private string? ParseFmtp(string? value)
        {
            if (!TrySplitPayloadType(value, out var pt, out var rest))
            {
                return "fmtp must be \"<payload type> <parameters>\".";
            }

            _fmtps[pt] = rest;
            return null;
        }

        private string? ParseRtcpFeedback(string? value)
        {
            if (value is null)
            {
                return "rtcp-fb must be \"<payload type or *> <feedback type> [<parameter>]\".";
            }

            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var feedback = space < 0 ? string.Empty : value[(space + 1)..].Trim();
            if (feedback.Length == 0)
            {
                return "rtcp-fb must be \"<payload type or *> <feedback type> [<parameter>]\".";
            }

            var head = value[..space];
            if (head == "*")
            {
                _wildcardFeedback.Add(feedback);
                return null;
            }

            if (!TryParseInt(head, out var pt) || pt > 127)
            {
                return "rtcp-fb must be \"<payload type or *> <feedback type> [<parameter>]\".";
            }

            if (!_feedback.TryGetValue(pt, out var list))
            {
                _feedback[pt] = list = [];
            }

            list.Add(feedback);
            return null;
        }

        private string? ParseExtmap(string? value)
        {
            const string Grammar = "extmap must be \"<id 1..255>[/<direction>] <URI> [<attributes>]\".";
            var parts = (value ?? string.Empty).Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                return Grammar;
            }

            var idText = parts[0].AsSpan();
            SdpMediaDirection? direction = null;
            var slash = idText.IndexOf('/');
            if (slash >= 0)
            {
                if (!TryParseDirection(idText[(slash + 1)..], out var parsed))
                {
                    return Grammar;
                }

                direction = parsed;
                idText = idText[..slash];
            }

            if (!TryParseInt(idText, out var id) || id is < 1 or > 255)
            {
                return Grammar;
            }

            Media.ExtmapList.Add(new SdpExtmap(id, direction, parts[1], parts.Length > 2 ? parts[2] : null));
            return null;
        }

        private string? ParseSsrc(string? value)
        {
            var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
            var head = value is null ? string.Empty : space < 0 ? value : value[..space];
            if (!TryParseUInt(head, out var ssrc))
            {
                return "ssrc must be \"<ssrc> <attribute>[:<value>]\" with a 32-bit SSRC.";
            }

            if (!_ssrcs.TryGetValue(ssrc, out var known))
            {
                _ssrcOrder.Add(ssrc);
            }

            var attribute = space < 0 ? string.Empty : value![(space + 1)..];
            if (attribute.StartsWith("cname:", StringComparison.Ordinal))
            {
                known.Cname = attribute[6..];
            }
            else if (attribute.StartsWith("msid:", StringComparison.Ordinal))
            {
                known.Msid = attribute[5..];
            }

            _ssrcs[ssrc] = known;
            return null;
        }

        private string? ParseSsrcGroup(string? value)
        {
            var parts = (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                return "ssrc-group must be \"<semantics> <ssrc> ...\".";
            }

            var ssrcs = new uint[parts.Length - 1];
            for (var i = 1; i < parts.Length; i++)
            {
                if (!TryParseUInt(parts[i], out ssrcs[i - 1]))
                {
                    return "ssrc-group must be \"<semantics> <ssrc> ...\" with 32-bit SSRCs.";
                }
            }

            Media.SsrcGroupList.Add(new SdpSsrcGroup(parts[0], ssrcs));
            return null;
        }

        private string? ParseRid(string? value)
        {
            var parts = (value ?? string.Empty).Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || (parts[1] != "send" && parts[1] != "recv"))
            {
                return "rid must be \"<id> send|recv [<restrictions>]\".";
            }

            Media.RidList.Add(new SdpRid(parts[0], parts[1], parts.Length > 2 ? parts[2] : null));
            return null;
        }
    }
}
