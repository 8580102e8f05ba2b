// RFC 3264 (offer/answer) and RFC 8829 JSEP section 5.3 (initial answers) for a receive-only,
// ICE-lite (RFC 8445 2.5, RFC 8839 5.3), passive DTLS (RFC 8842 5.1) endpoint that bundles every
// accepted m-section onto one transport (RFC 8843 section 7.3) with rtcp-mux (RFC 5761). Per
// audio/video section it accepts the offer's first supported codec, Opus 48000/2 (RFC 7587), VP8
// (RFC 7741) or H.264 with packetization-mode=1 and a baseline-family profile (RFC 6184 8.1,
// profile_idc 0x42), with its RTX payload type (RFC 4588 8.6), the rtcp-fb values the receiver
// acts on, and the audio-level (RFC 6464), transport-wide-cc and mid (RFC 8843 15.2) extensions.
// Not covered: sending media, simulcast (rids are not answered, so a simulcast offer falls back
// to one layer), data channels (rejected), trickle ICE (the answer is complete), and answering
// several codecs per section.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Sdp;

/// <summary>Builds BUNDLEd receive-only answers to browser offers.</summary>
public sealed class SdpAnswerBuilder
{
    private static readonly string[] SupportedFeedback = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"];
    private static readonly string[] SupportedFingerprints = ["sha-256", "sha-384", "sha-512"];

    private readonly SdpAnswerOptions _options;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">Local ICE, DTLS and address parameters.</param>
    /// <exception cref="ArgumentException">A parameter is invalid.</exception>
    public SdpAnswerBuilder(SdpAnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IsIceString(options.IceUfrag, 4) || !IsIceString(options.IcePwd, 22))
        {
            throw new ArgumentException("IceUfrag must be 4..256 and IcePwd 22..256 ice-chars (ALPHA, DIGIT, '+', '/').", nameof(options));
        }

        if (options.Addresses is null || options.Addresses.Count == 0)
        {
            throw new ArgumentException("At least one candidate address is required.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.Fingerprint, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, nameof(options));
        _options = options;
    }

    /// <summary>Negotiates against an offer and writes the answer.</summary>
    /// <param name="offer">The parsed offer.</param>
    /// <param name="answer">The answer when negotiation succeeds.</param>
    /// <param name="error">Why the offer cannot be answered.</param>
    /// <returns><see langword="true"/> when at least one m-section was accepted.</returns>
    public bool TryBuild(
        SessionDescription offer,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpAnswer? answer,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out SdpError? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        answer = null;
        if (offer.Media.Count == 0)
        {
            error = new SdpError(SdpErrorCode.NoMedia, "The offer has no m-sections.");
            return false;
        }

        error = ValidateTransport(offer);
        if (error is not null)
        {
            return false;
        }

        var bundle = offer.BundleMids;
        var negotiated = new List<NegotiatedMedia>(offer.Media.Count);
        MediaDescription? tag = null;
        foreach (var media in offer.Media)
        {
            string? reason;
            if (media.Port == 0 && !media.BundleOnly)
            {
                reason = "rejected by the offerer (port 0)";
            }
            else if (bundle.Count > 0 ? !bundle.Contains(media.Mid!) : tag is not null)
            {
                reason = "not in the BUNDLE group";
            }
            else
            {
                var result = Negotiate(media);
                if (result.Accepted)
                {
                    tag ??= media;
                }

                negotiated.Add(result);
                continue;
            }

            negotiated.Add(new NegotiatedMedia { Mid = media.Mid ?? string.Empty, Media = media.Media, RejectionReason = reason });
        }

        if (tag is null)
        {
            var reasons = string.Join("; ", negotiated.Select(n => $"mid {n.Mid} ({n.Media}): {n.RejectionReason}"));
            error = new SdpError(
                SdpErrorCode.NoSupportedMedia,
                $"No m-section can be accepted (supported: Opus 48000/2, VP8, H.264 packetization-mode=1 baseline, over UDP/TLS/RTP/SAVPF with rtcp-mux): {reasons}.");
            return false;
        }

        var mids = negotiated.Where(n => n.Accepted).Select(n => n.Mid).ToArray();
        answer = new SdpAnswer
        {
            Sdp = Write(offer, negotiated, mids),
            Media = negotiated,
            BundleMids = mids,
            RemoteIceUfrag = offer.GetIceUfrag(tag)!,
            RemoteIcePwd = offer.GetIcePwd(tag)!,
            RemoteFingerprint = PickFingerprint(offer.GetFingerprints(tag))!,
        };
        return true;
    }

    private static SdpError? ValidateTransport(SessionDescription offer)
    {
        foreach (var media in offer.Media)
        {
            if (media.Port == 0 && !media.BundleOnly)
            {
                continue;
            }

            var where = $"The m-section at line {media.LineNumber} ({media.Media})";
            if (string.IsNullOrEmpty(media.Mid))
            {
                return new SdpError(SdpErrorCode.BadMid, $"{where} has no a=mid; BUNDLE needs one.", media.LineNumber);
            }

            if (offer.GetIceUfrag(media) is null || offer.GetIcePwd(media) is null)
            {
                return new SdpError(SdpErrorCode.MissingIceCredentials, $"{where} has no a=ice-ufrag/a=ice-pwd at media or session level.", media.LineNumber);
            }

            var fingerprints = offer.GetFingerprints(media);
            if (fingerprints.Count == 0)
            {
                return new SdpError(SdpErrorCode.MissingFingerprint, $"{where} has no a=fingerprint at media or session level.", media.LineNumber);
            }

            if (PickFingerprint(fingerprints) is null)
            {
                return new SdpError(SdpErrorCode.UnsupportedFingerprint, $"{where} has no fingerprint with sha-256, sha-384 or sha-512.", media.LineNumber);
            }

            var setup = offer.GetSetup(media);
            if (setup is SdpSetupRole.Passive or SdpSetupRole.HoldConn)
            {
                return new SdpError(SdpErrorCode.IncompatibleSetup, $"{where} has a=setup:{setup.ToString().ToLowerInvariant()}; the server is a passive DTLS endpoint and needs actpass or active.", media.LineNumber);
            }
        }

        return null;
    }

    private static SdpFingerprint? PickFingerprint(IReadOnlyList<SdpFingerprint> fingerprints)
    {
        foreach (var algorithm in SupportedFingerprints)
        {
            foreach (var fingerprint in fingerprints)
            {
                if (fingerprint.Algorithm == algorithm)
                {
                    return fingerprint;
                }
            }
        }

        return null;
    }

    private NegotiatedMedia Negotiate(MediaDescription media)
    {
        var mid = media.Mid!;
        NegotiatedMedia Reject(string reason) => new() { Mid = mid, Media = media.Media, RejectionReason = reason };

        var isAudio = media.Media == "audio";
        if (!isAudio && media.Media != "video")
        {
            return Reject($"media type {media.Media} is not supported");
        }

        if (!media.Protocol.EndsWith("RTP/SAVPF", StringComparison.Ordinal))
        {
            return Reject($"protocol {media.Protocol} is not supported");
        }

        if (!media.RtcpMux)
        {
            return Reject("a=rtcp-mux is required");
        }

        SdpCodec? chosen = null;
        var kind = MediaCodec.Unknown;
        foreach (var codec in media.Codecs)
        {
            kind = Classify(codec, isAudio);
            if (kind != MediaCodec.Unknown)
            {
                chosen = codec;
                break;
            }
        }

        if (chosen is null)
        {
            var offered = string.Join(", ", media.Codecs.Select(c => c.EncodingName).Distinct());
            return Reject($"no supported codec (offered: {(offered.Length == 0 ? "none" : offered)})");
        }

        int? rtx = null;
        foreach (var codec in media.Codecs)
        {
            if (codec.Is("rtx") && codec.TryGetParameter("apt", out var apt) && apt == chosen.PayloadType.ToString(CultureInfo.InvariantCulture))
            {
                rtx = codec.PayloadType;
                break;
            }
        }

        var feedback = new List<string>();
        foreach (var value in chosen.Feedback)
        {
            var normalized = string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (SupportedFeedback.Contains(normalized, StringComparer.OrdinalIgnoreCase)
                && (_options.NegotiateTransportWideCc || !normalized.Equals("transport-cc", StringComparison.OrdinalIgnoreCase))
                && !feedback.Contains(normalized, StringComparer.OrdinalIgnoreCase))
            {
                feedback.Add(normalized);
            }
        }

        var sending = media.Direction is SdpMediaDirection.SendOnly or SdpMediaDirection.SendRecv;
        var (mediaSsrcs, rtxSsrcs) = CollectSsrcs(media);
        return new NegotiatedMedia
        {
            Mid = mid,
            Media = media.Media,
            Direction = sending ? SdpMediaDirection.RecvOnly : SdpMediaDirection.Inactive,
            Codec = new NegotiatedCodec(chosen.PayloadType, kind, chosen.ClockRate, chosen.Channels, chosen.FormatParameters, feedback, rtx),
            AudioLevelExtensionId = isAudio ? AcceptExtmap(media, SdpExtmap.AudioLevelUri)?.Id : null,
            TransportWideCcExtensionId = _options.NegotiateTransportWideCc ? AcceptExtmap(media, SdpExtmap.TransportWideCcUri)?.Id : null,
            MidExtensionId = AcceptExtmap(media, SdpExtmap.MidUri)?.Id,
            RtcpReducedSize = media.RtcpReducedSize,
            IsSlides = media.IsSlides,
            MediaSsrcs = mediaSsrcs,
            RtxSsrcs = rtxSsrcs,
        };
    }

    private static MediaCodec Classify(SdpCodec codec, bool isAudio)
    {
        if (isAudio)
        {
            return codec.Is("opus") && codec.ClockRate == 48000 && codec.Channels == 2 ? MediaCodec.Opus : MediaCodec.Unknown;
        }

        if (codec.Is("VP8") && codec.ClockRate == 90000)
        {
            return MediaCodec.Vp8;
        }

        if (codec.Is("H264") && codec.ClockRate == 90000
            && codec.TryGetParameter("packetization-mode", out var mode) && mode == "1"
            && IsBaselineFamily(codec))
        {
            return MediaCodec.H264;
        }

        return MediaCodec.Unknown;
    }

    private static bool IsBaselineFamily(SdpCodec codec)
    {
        // RFC 6184 8.1: profile-level-id is profile_idc, profile-iop, level_idc in hex; absent means
        // 42000a. profile_idc 0x42 is Baseline; with constraint_set1 (iop 0x40) it is Constrained Baseline.
        if (!codec.TryGetParameter("profile-level-id", out var id))
        {
            return true;
        }

        return id.Length == 6 && id.All(char.IsAsciiHexDigit) && id.StartsWith("42", StringComparison.Ordinal);
    }

    private static SdpExtmap? AcceptExtmap(MediaDescription media, string uri)
    {
        var extmap = media.FindExtmap(uri);
        return extmap is null || extmap.Direction is SdpMediaDirection.RecvOnly or SdpMediaDirection.Inactive ? null : extmap;
    }

    private static (IReadOnlyList<uint> Media, IReadOnlyDictionary<uint, uint> Rtx) CollectSsrcs(MediaDescription media)
    {
        var rtx = new Dictionary<uint, uint>();
        foreach (var group in media.SsrcGroups)
        {
            if (group.Semantics == "FID" && group.Ssrcs.Count == 2)
            {
                rtx[group.Ssrcs[1]] = group.Ssrcs[0];
            }
        }

        var primary = new List<uint>();
        foreach (var ssrc in media.Ssrcs)
        {
            if (!rtx.ContainsKey(ssrc.Ssrc))
            {
                primary.Add(ssrc.Ssrc);
            }
        }

        return (primary, rtx);
    }

    private string Write(SessionDescription offer, List<NegotiatedMedia> negotiated, string[] mids)
    {
        var sessionId = _options.SessionId ?? NewSessionId();
        var first = _options.Addresses[0];
        var addressType = first.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var sdp = new StringBuilder(2048);
        void Line(string text) => sdp.Append(text).Append("\r\n");

        Line("v=0");
        Line(string.Create(CultureInfo.InvariantCulture, $"o=- {sessionId} 2 IN IP4 127.0.0.1"));
        Line("s=-");
        Line("t=0 0");
        Line("a=ice-lite");
        Line($"a=group:BUNDLE {string.Join(' ', mids)}");
        if (offer.ExtmapAllowMixed)
        {
            Line("a=extmap-allow-mixed");
        }

        for (var i = 0; i < negotiated.Count; i++)
        {
            var offered = offer.Media[i];
            var media = negotiated[i];
            if (!media.Accepted)
            {
                Line($"m={offered.Media} 0 {offered.Protocol} {offered.Formats[0]}");
                Line($"c=IN {addressType} {(addressType == "IP6" ? "::" : "0.0.0.0")}");
                if (media.Mid.Length > 0)
                {
                    Line($"a=mid:{media.Mid}");
                }

                Line("a=inactive");
                continue;
            }

            var codec = media.Codec!;
            var formats = codec.RtxPayloadType is { } rtxPt
                ? string.Create(CultureInfo.InvariantCulture, $"{codec.PayloadType} {rtxPt}")
                : codec.PayloadType.ToString(CultureInfo.InvariantCulture);
            Line(string.Create(CultureInfo.InvariantCulture, $"m={offered.Media} {_options.Port} {offered.Protocol} {formats}"));
            Line($"c=IN {addressType} {first}");
            Line($"a=mid:{media.Mid}");
            Line(media.Direction == SdpMediaDirection.RecvOnly ? "a=recvonly" : "a=inactive");
            Line($"a=ice-ufrag:{_options.IceUfrag}");
            Line($"a=ice-pwd:{_options.IcePwd}");
            Line($"a=fingerprint:{_options.Fingerprint}");
            Line("a=setup:passive");
            Line("a=rtcp-mux");
            if (media.RtcpReducedSize)
            {
                Line("a=rtcp-rsize");
            }

            var offeredCodec = offered.Codecs.First(c => c.PayloadType == codec.PayloadType);
            var channels = codec.Codec == MediaCodec.Opus ? "/2" : string.Empty;
            Line(string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{codec.PayloadType} {offeredCodec.EncodingName}/{codec.ClockRate}{channels}"));
            if (!string.IsNullOrEmpty(codec.FormatParameters))
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"a=fmtp:{codec.PayloadType} {codec.FormatParameters}"));
            }

            foreach (var feedback in codec.Feedback)
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"a=rtcp-fb:{codec.PayloadType} {feedback}"));
            }

            if (codec.RtxPayloadType is { } rtx)
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{rtx} rtx/{codec.ClockRate}"));
                Line(string.Create(CultureInfo.InvariantCulture, $"a=fmtp:{rtx} apt={codec.PayloadType}"));
            }

            WriteExtmap(offered, media.AudioLevelExtensionId, Line);
            WriteExtmap(offered, media.TransportWideCcExtensionId, Line);
            WriteExtmap(offered, media.MidExtensionId, Line);
            for (var c = 0; c < _options.Addresses.Count; c++)
            {
                // RFC 8445 5.1.2.1: type preference 126 (host), local preference by order, component 1.
                var priority = (126u << 24) | ((uint)(65535 - c) << 8) | 255u;
                Line(string.Create(CultureInfo.InvariantCulture, $"a=candidate:{c + 1} 1 udp {priority} {_options.Addresses[c]} {_options.Port} typ host"));
            }

            Line("a=end-of-candidates");
        }

        return sdp.ToString();
    }

    private static void WriteExtmap(MediaDescription offered, int? id, Action<string> line)
    {
        if (id is null)
        {
            return;
        }

        var extmap = offered.Extmaps.First(e => e.Id == id);
        var direction = extmap.Direction == SdpMediaDirection.SendOnly ? "/recvonly" : string.Empty;
        line(string.Create(CultureInfo.InvariantCulture, $"a=extmap:{extmap.Id}{direction} {extmap.Uri}"));
    }

    private static bool IsIceString(string? value, int minLength) => SdpParser.IsIceString(value, minLength);

    private static ulong NewSessionId()
    {
        // RFC 8866 5.2 recommends an NTP-format timestamp or random number; 62 bits keep it positive.
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 2;
    }
}
