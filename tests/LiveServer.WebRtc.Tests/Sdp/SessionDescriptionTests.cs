using LiveServer.WebRtc.Sdp;
using static LiveServer.WebRtc.Tests.Sdp.SdpFixtures;

namespace LiveServer.WebRtc.Tests.Sdp;

public sealed class SessionDescriptionTests
{
    [Fact]
    public void TryParse_ChromeOffer_SessionAndMediaAttributes()
    {
        var offer = Parse(ChromeOffer);

        Assert.Equal("7253486612493781203", offer.Origin!.SessionId);
        Assert.Equal(["0", "1"], offer.BundleMids);
        Assert.True(offer.ExtmapAllowMixed);
        Assert.Equal(2, offer.Media.Count);

        var audio = offer.Media[0];
        Assert.Equal(("audio", 9, "UDP/TLS/RTP/SAVPF", "0"), (audio.Media, audio.Port, audio.Protocol, audio.Mid));
        Assert.Equal(SdpMediaDirection.SendOnly, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.Equal("Xk3v", offer.GetIceUfrag(audio));
        Assert.Equal("Qm0Bq4zjJYv1mS3oC7dJ2p9u", offer.GetIcePwd(audio));
        Assert.Equal(["trickle"], audio.Attributes.Where(a => a.Name == "ice-options").Select(a => a.Value));
        Assert.Equal(SdpSetupRole.ActPass, offer.GetSetup(audio));
        Assert.Equal(ChromeFingerprint, offer.GetFingerprints(audio).Single().ToString());
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.Codecs.Select(c => c.PayloadType));
        var opus = audio.Codecs[0];
        Assert.Equal(("opus", 48000, 2), (opus.EncodingName, opus.ClockRate, opus.Channels));
        Assert.Equal("minptime=10;useinbandfec=1", opus.FormatParameters);
        Assert.Equal(["transport-cc"], opus.Feedback);
        Assert.Equal(1, audio.FindExtmap(SdpExtmap.AudioLevelUri)!.Id);
        Assert.Equal([1871230475u], audio.Ssrcs.Select(s => s.Ssrc));
        Assert.Equal("Yq2dE5mD9vB0cH1k", audio.Ssrcs[0].Cname);

        var video = offer.Media[1];
        Assert.Equal(25, video.Codecs.Count);
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], video.Codecs[0].Feedback);
        Assert.True(video.Codecs[1].TryGetParameter("apt", out var apt));
        Assert.Equal("96", apt);
        Assert.Equal(11, video.Extmaps.Count);
        Assert.Equal(new[] { 2463127410u, 3958162394u }, video.SsrcGroups.Single(g => g.Semantics == "FID").Ssrcs);
    }

    [Fact]
    public void TryParse_FirefoxOffer_FmtpBeforeRtpmapAndSessionLevelFingerprint()
    {
        var offer = Parse(FirefoxOffer);

        Assert.Equal(SdpMediaDirection.SendRecv, offer.Direction);
        Assert.Equal(["trickle"], offer.IceOptions);
        Assert.Equal(3, offer.Media.Count);
        var audio = offer.Media[0];
        Assert.Empty(audio.Fingerprints);
        Assert.Equal(FirefoxFingerprint, offer.GetFingerprints(audio).Single().ToString());
        Assert.Equal("maxplaybackrate=48000;stereo=1;useinbandfec=1", audio.Codecs[0].FormatParameters);
        Assert.Equal(SdpMediaDirection.RecvOnly, audio.Extmaps.Single(e => e.Id == 2).Direction);
        Assert.Null(audio.Extmaps.Single(e => e.Id == 1).Direction);
        Assert.Equal(1, audio.Codecs.Single(c => c.PayloadType == 9).Channels);

        var video = offer.Media[1];
        Assert.Equal([120, 124, 121, 125, 126, 127, 97, 98, 105, 106, 123, 122, 119], video.Codecs.Select(c => c.PayloadType));
        Assert.Equal("max-fs=12288;max-fr=60", video.Codecs[0].FormatParameters);
        Assert.Equal(5, video.Codecs[0].Feedback.Count);

        var data = offer.Media[2];
        Assert.Equal(("application", "UDP/DTLS/SCTP", "webrtc-datachannel"), (data.Media, data.Protocol, data.Formats[0]));
        Assert.Empty(data.Codecs);
    }

    [Fact]
    public void TryParse_LfLineEndsAndTrailingBlankLines_Accepted()
    {
        var offer = Parse(ChromeOffer.ReplaceLineEndings("\n") + "\n\n");
        Assert.Equal(2, offer.Media.Count);
    }

    [Fact]
    public void TryParse_SimulcastAndRid_ParsedWithoutFailing()
    {
        var sdp = ChromeOffer.Replace("a=rtcp-rsize\r\na=rtpmap:96", "a=rtcp-rsize\r\na=rid:h send\r\na=rid:l send max-width=640\r\na=simulcast:send h;l\r\na=rtpmap:96", StringComparison.Ordinal);

        var video = Parse(sdp).Media[1];

        Assert.Equal([("h", "send", (string?)null), ("l", "send", "max-width=640")], video.Rids.Select(r => (r.Id, r.Direction, r.Restrictions)));
        Assert.Equal("send h;l", video.Simulcast);
    }

    [Fact]
    public void TryParse_CandidatesInOffer_KeptAsText()
    {
        var sdp = ChromeOffer.Replace("a=mid:0\r\n", "a=mid:0\r\na=candidate:1 1 udp 2122260223 192.168.1.5 53421 typ host generation 0\r\na=end-of-candidates\r\n", StringComparison.Ordinal);

        var audio = Parse(sdp).Media[0];

        Assert.Equal(["1 1 udp 2122260223 192.168.1.5 53421 typ host generation 0"], audio.Candidates);
        Assert.True(audio.EndOfCandidates);
    }

    [Theory]
    [InlineData("m=video nine UDP/TLS/RTP/SAVPF 96", SdpErrorCode.MalformedMediaLine)]
    [InlineData("m=video 9 UDP/TLS/RTP/SAVPF", SdpErrorCode.MalformedMediaLine)]
    [InlineData("m=video 9 UDP/TLS/RTP/SAVPF 96 abc", SdpErrorCode.MalformedMediaLine)]
    [InlineData("m=video 70000 UDP/TLS/RTP/SAVPF 96", SdpErrorCode.MalformedMediaLine)]
    [InlineData("m=video 9 UDP/TLS/RTP/SAVPF 128", SdpErrorCode.MalformedMediaLine)]
    [InlineData("garbage", SdpErrorCode.MalformedLine)]
    [InlineData("M=video 9 UDP/TLS/RTP/SAVPF 96", SdpErrorCode.MalformedLine)]
    public void TryParse_GarbageMediaLine_ErrorNamesTheLine(string badLine, SdpErrorCode code)
    {
        var lines = ChromeOffer.Split("\r\n");
        var index = Array.FindIndex(lines, l => l.StartsWith("m=video", StringComparison.Ordinal));
        lines[index] = badLine;

        Assert.False(SessionDescription.TryParse(string.Join("\r\n", lines), out _, out var error));

        Assert.Equal(code, error.Code);
        Assert.Equal(index + 1, error.LineNumber);
        Assert.Equal(badLine, error.Line);
        Assert.Contains($"line {index + 1}", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=rtpmap:96 VP8", "rtpmap")]
    [InlineData("a=rtpmap:96 VP8/abc", "rtpmap")]
    [InlineData("a=rtpmap:300 VP8/90000", "rtpmap")]
    [InlineData("a=fmtp:x apt=96", "fmtp")]
    [InlineData("a=rtcp-fb:96", "rtcp-fb")]
    [InlineData("a=extmap:0 urn:x", "extmap")]
    [InlineData("a=extmap:3/sideways urn:x", "extmap")]
    [InlineData("a=extmap:3", "extmap")]
    [InlineData("a=ssrc:-5 cname:x", "ssrc")]
    [InlineData("a=ssrc-group:FID 1 two", "ssrc-group")]
    [InlineData("a=fingerprint:sha-256 ZZ:00", "fingerprint")]
    [InlineData("a=fingerprint:sha-256", "fingerprint")]
    [InlineData("a=setup:sometimes", "setup")]
    [InlineData("a=ice-ufrag:ab", "ice-ufrag")]
    [InlineData("a=ice-pwd:short", "ice-pwd")]
    [InlineData("a=ice-ufrag:bad;chars", "ice-ufrag")]
    [InlineData("a=rid:h sideways", "rid")]
    [InlineData("a=mid:", "mid")]
    public void TryParse_MalformedAttribute_ErrorNamesAttributeAndLine(string badLine, string attribute)
    {
        var sdp = ChromeOffer.Replace("a=rtcp-rsize\r\na=rtpmap:96 VP8/90000\r\n", $"a=rtcp-rsize\r\n{badLine}\r\na=rtpmap:96 VP8/90000\r\n", StringComparison.Ordinal);

        Assert.False(SessionDescription.TryParse(sdp, out _, out var error));

        Assert.Equal(SdpErrorCode.MalformedAttribute, error.Code);
        Assert.Equal(badLine, error.Line);
        Assert.Contains(attribute, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, SdpErrorCode.Empty)]
    [InlineData("", SdpErrorCode.Empty)]
    [InlineData("  \r\n", SdpErrorCode.Empty)]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\nv=0\r\n", SdpErrorCode.BadVersion)]
    [InlineData("v=1\r\n", SdpErrorCode.BadVersion)]
    [InlineData("v=0\r\nv=0\r\n", SdpErrorCode.BadVersion)]
    [InlineData("v=0\r\no=- 1 2 IN IP4\r\n", SdpErrorCode.MalformedOrigin)]
    [InlineData("v=0\r\nc=IN IP5 1.2.3.4\r\n", SdpErrorCode.MalformedLine)]
    public void TryParse_BrokenSessionPart_TypedError(string? sdp, SdpErrorCode code)
    {
        Assert.False(SessionDescription.TryParse(sdp, out _, out var error));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void TryParse_DuplicateMid_Refused()
    {
        var sdp = ChromeOffer.Replace("a=mid:1", "a=mid:0", StringComparison.Ordinal);

        Assert.False(SessionDescription.TryParse(sdp, out _, out var error));
        Assert.Equal(SdpErrorCode.BadMid, error.Code);
    }

    [Fact]
    public void TryParse_TooLarge_Refused()
    {
        var sdp = ChromeOffer + string.Concat(Enumerable.Repeat("a=x-padding:0123456789012345678901234567890123456789\r\n", 3000));

        Assert.False(SessionDescription.TryParse(sdp, out _, out var error));
        Assert.Equal(SdpErrorCode.TooLarge, error.Code);
    }

    [Fact]
    public void Fingerprint_FromHashAndBack_RoundTrips()
    {
        var bytes = Enumerable.Range(200, 32).Select(i => (byte)i).ToArray();
        var fingerprint = SdpFingerprint.FromHash("SHA-256", bytes);

        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.StartsWith("C8:C9:CA", fingerprint.Value, StringComparison.Ordinal);
        Assert.Equal(bytes, fingerprint.ToBytes());
        Assert.True(SdpFingerprint.TryParse(fingerprint.ToString().ToLowerInvariant(), out var parsed));
        Assert.Equal(fingerprint, parsed);
    }
}
