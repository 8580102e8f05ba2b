using System.Net;
using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Sdp;
using static LiveServer.WebRtc.Tests.Sdp.SdpFixtures;

namespace LiveServer.WebRtc.Tests.Sdp;

public sealed class SdpAnswerBuilderTests
{
    private static SdpAnswer Answer(string offerText, SdpAnswerOptions? options = null)
    {
        var builder = new SdpAnswerBuilder(options ?? AnswerOptions);
        Assert.True(builder.TryBuild(Parse(offerText), out var answer, out var error), error?.ToString());
        return answer;
    }

    private static SdpError Refuse(string offerText)
    {
        var builder = new SdpAnswerBuilder(AnswerOptions);
        Assert.False(builder.TryBuild(Parse(offerText), out _, out var error));
        return error;
    }

    [Fact]
    public void TryBuild_ChromeOffer_ExactAnswer()
    {
        var answer = Answer(ChromeOffer);

        const string Fingerprint = "sha-256 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F";
        const string Transport = $"""
            a=ice-ufrag:LsUf
            a=ice-pwd:livepasswordlivepassword
            a=fingerprint:{Fingerprint}
            a=setup:passive
            a=rtcp-mux
            a=rtcp-rsize
            """;
        const string Candidates = """
            a=candidate:1 1 udp 2130706431 192.0.2.10 5090 typ host
            a=candidate:2 1 udp 2130706175 2001:db8::10 5090 typ host
            a=end-of-candidates
            """;
        var expected = $"""
            v=0
            o=- 1234 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=ice-lite
            a=group:BUNDLE 0 1
            a=extmap-allow-mixed
            m=audio 5090 UDP/TLS/RTP/SAVPF 111
            c=IN IP4 192.0.2.10
            a=mid:0
            a=recvonly
            {Transport}
            a=rtpmap:111 opus/48000/2
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtcp-fb:111 transport-cc
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
            {Candidates}
            m=video 5090 UDP/TLS/RTP/SAVPF 96 97
            c=IN IP4 192.0.2.10
            a=mid:1
            a=recvonly
            {Transport}
            a=rtpmap:96 VP8/90000
            a=rtcp-fb:96 goog-remb
            a=rtcp-fb:96 transport-cc
            a=rtcp-fb:96 ccm fir
            a=rtcp-fb:96 nack
            a=rtcp-fb:96 nack pli
            a=rtpmap:97 rtx/90000
            a=fmtp:97 apt=96
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
            {Candidates}

            """.ReplaceLineEndings("\r\n");
        Assert.Equal(expected, answer.Sdp);
    }

    [Fact]
    public void TryBuild_ChromeOffer_RecordsNegotiatedParametersPerMid()
    {
        var answer = Answer(ChromeOffer);

        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.Equal("Xk3v", answer.RemoteIceUfrag);
        Assert.Equal("Qm0Bq4zjJYv1mS3oC7dJ2p9u", answer.RemoteIcePwd);
        Assert.Equal(ChromeFingerprint, answer.RemoteFingerprint.ToString());

        var audio = answer.Media[0];
        Assert.True(audio.Accepted);
        Assert.Equal(SdpMediaDirection.RecvOnly, audio.Direction);
        Assert.Equal(new NegotiatedCodec(111, MediaCodec.Opus, 48000, 2, "minptime=10;useinbandfec=1", audio.Codec!.Feedback, null), audio.Codec);
        Assert.Equal((1, 3, 4), (audio.AudioLevelExtensionId, audio.TransportWideCcExtensionId, audio.MidExtensionId));
        Assert.Equal([1871230475u], audio.MediaSsrcs);
        Assert.Empty(audio.RtxSsrcs);

        var video = answer.Media[1];
        Assert.Equal((96, MediaCodec.Vp8, 90000, 97), (video.Codec!.PayloadType, video.Codec.Codec, video.Codec.ClockRate, video.Codec.RtxPayloadType));
        Assert.True(video.Codec.HasFeedback("nack pli"));
        Assert.Null(video.AudioLevelExtensionId);
        Assert.True(video.RtcpReducedSize);
        Assert.Equal([2463127410u], video.MediaSsrcs);
        Assert.Equal(2463127410u, video.RtxSsrcs[3958162394u]);

        Assert.True(video.TryGetCodec(96, out var codec, out var isRtx));
        Assert.Equal((MediaCodec.Vp8, false), (codec.Codec, isRtx));
        Assert.True(video.TryGetCodec(97, out codec, out isRtx));
        Assert.Equal((MediaCodec.Vp8, true), (codec.Codec, isRtx));
        Assert.False(video.TryGetCodec(103, out _, out _));
    }

    [Fact]
    public void TryBuild_FirefoxOffer_AcceptsOpusAndVp8AndRejectsDataChannel()
    {
        var answer = Answer(FirefoxOffer);

        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.Equal("5e2a7c1d", answer.RemoteIceUfrag);
        Assert.Equal(FirefoxFingerprint, answer.RemoteFingerprint.ToString());
        Assert.Equal((109, MediaCodec.Opus), (answer.Media[0].Codec!.PayloadType, answer.Media[0].Codec!.Codec));
        Assert.Equal((120, MediaCodec.Vp8, 124), (answer.Media[1].Codec!.PayloadType, answer.Media[1].Codec!.Codec, answer.Media[1].Codec!.RtxPayloadType));
        Assert.Equal((null, 7, 3), (answer.Media[1].AudioLevelExtensionId, answer.Media[1].TransportWideCcExtensionId, answer.Media[1].MidExtensionId));
        Assert.Equal(1504932381u, answer.Media[1].RtxSsrcs[3011457853u]);
        Assert.False(answer.Media[2].Accepted);
        Assert.Contains("application", answer.Media[2].RejectionReason, StringComparison.Ordinal);

        var lines = answer.Sdp.Split("\r\n");
        Assert.Contains("a=group:BUNDLE 0 1", lines);
        Assert.Contains("m=audio 5090 UDP/TLS/RTP/SAVPF 109", lines);
        Assert.Contains("a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1", lines);
        Assert.Contains("m=video 5090 UDP/TLS/RTP/SAVPF 120 124", lines);
        Assert.Contains("a=fmtp:124 apt=120", lines);
        Assert.Contains("a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", lines);
        Assert.DoesNotContain(lines, l => l.Contains("csrc-audio-level", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("playout-delay", StringComparison.Ordinal));
        Assert.Contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel", lines);
        Assert.Single(lines, "a=ice-lite");
        Assert.Equal(2, lines.Count(l => l == "a=setup:passive"));
        Assert.Equal(2, lines.Count(l => l == "a=end-of-candidates"));
    }

    [Fact]
    public void TryBuild_AnswerText_ParsesBackWithSameNegotiation()
    {
        var answer = Answer(FirefoxOffer);

        var parsed = Parse(answer.Sdp);

        Assert.True(parsed.IceLite);
        Assert.Equal(["0", "1"], parsed.BundleMids);
        Assert.Equal([SdpSetupRole.Passive, SdpSetupRole.Passive, SdpSetupRole.Unspecified], parsed.Media.Select(m => m.Setup));
        Assert.Equal([SdpMediaDirection.RecvOnly, SdpMediaDirection.RecvOnly, SdpMediaDirection.Inactive], parsed.Media.Select(m => m.Direction));
        Assert.Equal([5090, 5090, 0], parsed.Media.Select(m => m.Port));
        Assert.Equal(["opus"], parsed.Media[0].Codecs.Select(c => c.EncodingName));
        Assert.Equal(["VP8", "rtx"], parsed.Media[1].Codecs.Select(c => c.EncodingName));
    }

    [Fact]
    public void TryBuild_H264OfferedFirst_PicksPacketizationMode1ConstrainedBaseline()
    {
        // Put 102-style H.264 (packetization-mode=0) and High profile first: they must be skipped.
        var offer = ChromeOffer.Replace(
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 107 108 109 114",
            "m=video 9 UDP/TLS/RTP/SAVPF 107 108 119 120 109 114 96 97 103 104",
            StringComparison.Ordinal);

        var video = Answer(offer).Media[1];

        Assert.Equal((109, MediaCodec.H264, 114), (video.Codec!.PayloadType, video.Codec.Codec, video.Codec.RtxPayloadType));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.Codec.FormatParameters);
    }

    [Fact]
    public void TryBuild_OnlyHighProfileOrMode0H264_VideoRejectedAudioKept()
    {
        var offer = ChromeOffer.Replace(
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 107 108 109 114 115 116 117 118 39 40 45 46 98 99 100 101 119 120 123 124 125",
            "m=video 9 UDP/TLS/RTP/SAVPF 107 108 115 116 117 118 119 120",
            StringComparison.Ordinal);

        var answer = Answer(offer);

        Assert.True(answer.Media[0].Accepted);
        Assert.False(answer.Media[1].Accepted);
        Assert.Contains("no supported codec", answer.Media[1].RejectionReason, StringComparison.Ordinal);
        Assert.Equal(["0"], answer.BundleMids);
        Assert.Contains("m=video 0 UDP/TLS/RTP/SAVPF 107\r\n", answer.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=group:BUNDLE 0\r\n", answer.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuild_TransportCcDisabled_NeitherFeedbackNorExtensionAnswered()
    {
        var answer = Answer(ChromeOffer, AnswerOptions with { NegotiateTransportWideCc = false });

        Assert.DoesNotContain("transport-cc", answer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("transport-wide-cc", answer.Sdp, StringComparison.Ordinal);
        Assert.Null(answer.Media[1].TransportWideCcExtensionId);
        Assert.True(answer.Media[1].Codec!.HasFeedback("goog-remb"));
    }

    [Fact]
    public void TryBuild_RecvOnlyOffer_AnsweredInactive()
    {
        var offer = ChromeOffer.Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal);

        var answer = Answer(offer);

        Assert.All(answer.Media, m => Assert.Equal(SdpMediaDirection.Inactive, m.Direction));
        Assert.DoesNotContain("a=recvonly", answer.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuild_NoBundleGroup_OnlyFirstSectionAccepted()
    {
        var offer = ReplaceLines(ChromeOffer, "a=group:BUNDLE", null);

        var answer = Answer(offer);

        Assert.Equal(["0"], answer.BundleMids);
        Assert.Equal("not in the BUNDLE group", answer.Media[1].RejectionReason);
    }

    [Fact]
    public void TryBuild_MissingFingerprint_ClearError()
    {
        var error = Refuse(ReplaceLines(ChromeOffer, "a=fingerprint:", null));

        Assert.Equal(SdpErrorCode.MissingFingerprint, error.Code);
        Assert.Contains("a=fingerprint", error.Message, StringComparison.Ordinal);
        Assert.Equal(8, error.LineNumber);
    }

    [Fact]
    public void TryBuild_OnlySha1Fingerprint_Unsupported()
    {
        var offer = ReplaceLines(FirefoxOffer, "a=fingerprint:", "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33");

        Assert.Equal(SdpErrorCode.UnsupportedFingerprint, Refuse(offer).Code);
    }

    [Fact]
    public void TryBuild_NoIceUfrag_ClearError()
    {
        var error = Refuse(ReplaceLines(FirefoxOffer, "a=ice-ufrag:", null));

        Assert.Equal(SdpErrorCode.MissingIceCredentials, error.Code);
        Assert.Contains("ice-ufrag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuild_UnknownCodecsOnly_NoSupportedMediaNamingWhatWasOffered()
    {
        var offer = ChromeOffer
            .Replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 9 UDP/TLS/RTP/SAVPF 9 0 8", StringComparison.Ordinal)
            .Replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 107 108 109 114 115 116 117 118 39 40 45 46 98 99 100 101 119 120 123 124 125", "m=video 9 UDP/TLS/RTP/SAVPF 45 46 98 99", StringComparison.Ordinal);

        var error = Refuse(offer);

        Assert.Equal(SdpErrorCode.NoSupportedMedia, error.Code);
        Assert.Contains("G722, PCMU, PCMA", error.Message, StringComparison.Ordinal);
        Assert.Contains("AV1, rtx, VP9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuild_DataChannelOnly_NoSupportedMedia()
    {
        var offer = """
            v=0
            o=- 1 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 0.0.0.0
            a=ice-ufrag:abcd
            a=ice-pwd:abcdefghijklmnopqrstuvwx
            a=fingerprint:sha-256 00:11
            a=setup:actpass
            a=mid:0
            """.ReplaceLineEndings("\r\n");

        Assert.Equal(SdpErrorCode.NoSupportedMedia, Refuse(offer).Code);
    }

    [Fact]
    public void TryBuild_OfferSetupPassive_IncompatibleSetup()
    {
        var offer = ChromeOffer.Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        Assert.Equal(SdpErrorCode.IncompatibleSetup, Refuse(offer).Code);
    }

    [Fact]
    public void TryBuild_NoRtcpMux_SectionRejected()
    {
        var offer = ReplaceLines(ChromeOffer, "a=rtcp-mux", null);

        var error = Refuse(offer);

        Assert.Equal(SdpErrorCode.NoSupportedMedia, error.Code);
        Assert.Contains("rtcp-mux", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuild_SectionWithoutMid_BadMid()
    {
        var offer = ReplaceLines(ChromeOffer, "a=mid:1", null);

        Assert.Equal(SdpErrorCode.BadMid, Refuse(offer).Code);
    }

    [Fact]
    public void TryBuild_NoMediaSections_NoMedia()
    {
        Assert.Equal(SdpErrorCode.NoMedia, Refuse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n").Code);
    }

    [Fact]
    public void Constructor_InvalidLocalParameters_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SdpAnswerBuilder(AnswerOptions with { IcePwd = "short" }));
        Assert.Throws<ArgumentException>(() => new SdpAnswerBuilder(AnswerOptions with { Addresses = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SdpAnswerBuilder(AnswerOptions with { Port = 0 }));
    }

    [Fact]
    public void TryBuild_Ipv6FirstAddress_ConnectionLineIp6()
    {
        var answer = Answer(ChromeOffer, AnswerOptions with { Addresses = [IPAddress.Parse("2001:db8::10")] });

        Assert.Contains("c=IN IP6 2001:db8::10\r\n", answer.Sdp, StringComparison.Ordinal);
    }
}
