using System.Net;
using LiveServer.WebRtc.Sdp;

namespace LiveServer.WebRtc.Tests.Sdp;

/// <summary>Offers shaped like what current Chrome and Firefox send from a WHIP client (sendonly audio + video).</summary>
internal static class SdpFixtures
{
    public const string ChromeFingerprint = "sha-256 4F:0B:96:2C:1A:7D:E3:58:B2:90:11:C4:6E:3F:A7:D8:52:09:BE:71:CC:38:4D:E6:F0:13:9A:25:87:6B:D1:E4";

    public const string FirefoxFingerprint = "sha-256 A1:92:3C:D4:55:E6:07:F8:19:2A:BB:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70";

    public static readonly string ChromeOffer = $"""
        v=0
        o=- 7253486612493781203 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 3c1f8b2e-4f8e-4a43-9d6e-6a1f0c7f2b11
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Xk3v
        a=ice-pwd:Qm0Bq4zjJYv1mS3oC7dJ2p9u
        a=ice-options:trickle
        a=fingerprint:{ChromeFingerprint}
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:3c1f8b2e-4f8e-4a43-9d6e-6a1f0c7f2b11 9a8e2d41-0b7c-4e55-a1f3-2c6d8e9f0a12
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:1871230475 cname:Yq2dE5mD9vB0cH1k
        a=ssrc:1871230475 msid:3c1f8b2e-4f8e-4a43-9d6e-6a1f0c7f2b11 9a8e2d41-0b7c-4e55-a1f3-2c6d8e9f0a12
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 107 108 109 114 115 116 117 118 39 40 45 46 98 99 100 101 119 120 123 124 125
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Xk3v
        a=ice-pwd:Qm0Bq4zjJYv1mS3oC7dJ2p9u
        a=ice-options:trickle
        a=fingerprint:{ChromeFingerprint}
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:3c1f8b2e-4f8e-4a43-9d6e-6a1f0c7f2b11 5d7c9e10-3a2b-4c5d-8e9f-0a1b2c3d4e5f
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:103 H264/90000
        a=rtcp-fb:103 goog-remb
        a=rtcp-fb:103 transport-cc
        a=rtcp-fb:103 ccm fir
        a=rtcp-fb:103 nack
        a=rtcp-fb:103 nack pli
        a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:104 rtx/90000
        a=fmtp:104 apt=103
        a=rtpmap:107 H264/90000
        a=rtcp-fb:107 goog-remb
        a=rtcp-fb:107 transport-cc
        a=rtcp-fb:107 ccm fir
        a=rtcp-fb:107 nack
        a=rtcp-fb:107 nack pli
        a=fmtp:107 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
        a=rtpmap:108 rtx/90000
        a=fmtp:108 apt=107
        a=rtpmap:109 H264/90000
        a=rtcp-fb:109 goog-remb
        a=rtcp-fb:109 transport-cc
        a=rtcp-fb:109 ccm fir
        a=rtcp-fb:109 nack
        a=rtcp-fb:109 nack pli
        a=fmtp:109 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:114 rtx/90000
        a=fmtp:114 apt=109
        a=rtpmap:115 H264/90000
        a=fmtp:115 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f
        a=rtpmap:116 rtx/90000
        a=fmtp:116 apt=115
        a=rtpmap:117 H264/90000
        a=fmtp:117 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
        a=rtpmap:118 rtx/90000
        a=fmtp:118 apt=117
        a=rtpmap:39 H264/90000
        a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f
        a=rtpmap:40 rtx/90000
        a=fmtp:40 apt=39
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 goog-remb
        a=rtcp-fb:45 transport-cc
        a=rtcp-fb:45 ccm fir
        a=rtcp-fb:45 nack
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:98 VP9/90000
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:100 VP9/90000
        a=fmtp:100 profile-id=2
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100
        a=rtpmap:119 H264/90000
        a=fmtp:119 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f
        a=rtpmap:120 rtx/90000
        a=fmtp:120 apt=119
        a=rtpmap:123 red/90000
        a=rtpmap:124 rtx/90000
        a=fmtp:124 apt=123
        a=rtpmap:125 ulpfec/90000
        a=ssrc-group:FID 2463127410 3958162394
        a=ssrc:2463127410 cname:Yq2dE5mD9vB0cH1k
        a=ssrc:2463127410 msid:3c1f8b2e-4f8e-4a43-9d6e-6a1f0c7f2b11 5d7c9e10-3a2b-4c5d-8e9f-0a1b2c3d4e5f
        a=ssrc:3958162394 cname:Yq2dE5mD9vB0cH1k
        a=ssrc:3958162394 msid:3c1f8b2e-4f8e-4a43-9d6e-6a1f0c7f2b11 5d7c9e10-3a2b-4c5d-8e9f-0a1b2c3d4e5f

        """.ReplaceLineEndings("\r\n");

    public static readonly string FirefoxOffer = $$"""
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 3794405727469553491 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=sendrecv
        a=fingerprint:{{FirefoxFingerprint}}
        a=group:BUNDLE 0 1 2
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=sendonly
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:8f3c9a4b2e1d7f6a5c0b9e8d7c6b5a49
        a=ice-ufrag:5e2a7c1d
        a=mid:0
        a=msid:{8d3a1f22-6c4b-4e0a-9f1d-2b3c4d5e6f70} {c2f1e0d9-8b7a-4c6d-9e5f-4a3b2c1d0e9f}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000/1
        a=setup:actpass
        a=ssrc:2839403611 cname:{5b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9}
        m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98 105 106 123 122 119
        c=IN IP4 0.0.0.0
        a=sendonly
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
        a=fmtp:120 max-fs=12288;max-fr=60
        a=fmtp:124 apt=120
        a=fmtp:121 max-fs=12288;max-fr=60
        a=fmtp:125 apt=121
        a=fmtp:127 apt=126
        a=fmtp:98 apt=97
        a=fmtp:105 profile-level-id=42001f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:106 apt=105
        a=fmtp:119 apt=122
        a=ice-pwd:8f3c9a4b2e1d7f6a5c0b9e8d7c6b5a49
        a=ice-ufrag:5e2a7c1d
        a=mid:1
        a=msid:{8d3a1f22-6c4b-4e0a-9f1d-2b3c4d5e6f70} {0f1e2d3c-4b5a-4698-a7b6-c5d4e3f2a1b0}
        a=rtcp-fb:120 nack
        a=rtcp-fb:120 nack pli
        a=rtcp-fb:120 ccm fir
        a=rtcp-fb:120 goog-remb
        a=rtcp-fb:120 transport-cc
        a=rtcp-fb:121 nack
        a=rtcp-fb:121 nack pli
        a=rtcp-fb:121 ccm fir
        a=rtcp-fb:121 goog-remb
        a=rtcp-fb:121 transport-cc
        a=rtcp-fb:126 nack
        a=rtcp-fb:126 nack pli
        a=rtcp-fb:126 ccm fir
        a=rtcp-fb:126 goog-remb
        a=rtcp-fb:126 transport-cc
        a=rtcp-fb:97 nack
        a=rtcp-fb:97 nack pli
        a=rtcp-fb:97 ccm fir
        a=rtcp-fb:97 goog-remb
        a=rtcp-fb:97 transport-cc
        a=rtcp-fb:105 nack
        a=rtcp-fb:105 nack pli
        a=rtcp-fb:105 ccm fir
        a=rtcp-fb:105 goog-remb
        a=rtcp-fb:105 transport-cc
        a=rtcp-fb:123 nack
        a=rtcp-fb:123 nack pli
        a=rtcp-fb:123 ccm fir
        a=rtcp-fb:123 goog-remb
        a=rtcp-fb:123 transport-cc
        a=rtcp-fb:122 nack
        a=rtcp-fb:122 nack pli
        a=rtcp-fb:122 ccm fir
        a=rtcp-fb:122 goog-remb
        a=rtcp-fb:122 transport-cc
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:120 VP8/90000
        a=rtpmap:124 rtx/90000
        a=rtpmap:121 VP9/90000
        a=rtpmap:125 rtx/90000
        a=rtpmap:126 H264/90000
        a=rtpmap:127 rtx/90000
        a=rtpmap:97 H264/90000
        a=rtpmap:98 rtx/90000
        a=rtpmap:105 H264/90000
        a=rtpmap:106 rtx/90000
        a=rtpmap:123 ulpfec/90000
        a=rtpmap:122 red/90000
        a=rtpmap:119 rtx/90000
        a=setup:actpass
        a=ssrc:1504932381 cname:{5b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9}
        a=ssrc:3011457853 cname:{5b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9}
        a=ssrc-group:FID 1504932381 3011457853
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=ice-pwd:8f3c9a4b2e1d7f6a5c0b9e8d7c6b5a49
        a=ice-ufrag:5e2a7c1d
        a=mid:2
        a=setup:actpass
        a=sctp-port:5000
        a=max-message-size:1073741823

        """.ReplaceLineEndings("\r\n");

    public static SdpAnswerOptions AnswerOptions => new()
    {
        IceUfrag = "LsUf",
        IcePwd = "livepasswordlivepassword",
        Fingerprint = SdpFingerprint.FromHash("sha-256", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        Addresses = [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::10")],
        Port = 5090,
        SessionId = 1234,
    };

    public static SessionDescription Parse(string sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp, out var description, out var error), error?.ToString());
        return description;
    }

    /// <summary>Replaces lines that start with <paramref name="prefix"/> (null removes them).</summary>
    public static string ReplaceLines(string sdp, string prefix, string? replacement) =>
        string.Join("\r\n", sdp.Split("\r\n").Select(l => l.StartsWith(prefix, StringComparison.Ordinal) ? replacement : l).Where(l => l is not null));

    /// <summary>The SSRC of the second video m-section <see cref="WithSecondVideo"/> adds.</summary>
    public const uint ScreenSsrc = 1234567001;

    /// <summary>The RTX SSRC of the second video m-section.</summary>
    public const uint ScreenRtxSsrc = 1234567002;

    /// <summary>
    /// Adds a second video m-section (mid 2) shaped like Chrome's camera section, as Chrome offers a
    /// getDisplayMedia track, optionally marked a=content:slides (RFC 4796).
    /// </summary>
    public static string WithSecondVideo(string offer, bool slides)
    {
        int start = offer.IndexOf("m=video", StringComparison.Ordinal);
        string video = offer[start..].TrimEnd('\r', '\n')
            .Replace("a=mid:1", "a=mid:2", StringComparison.Ordinal)
            .Replace("2463127410", ScreenSsrc.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("3958162394", ScreenRtxSsrc.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("5d7c9e10-3a2b-4c5d-8e9f-0a1b2c3d4e5f", "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", StringComparison.Ordinal);
        if (slides)
        {
            video = video.Replace("a=sendonly", "a=sendonly\r\na=content:slides", StringComparison.Ordinal);
        }

        return offer.TrimEnd('\r', '\n').Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal) + "\r\n" + video + "\r\n";
    }
}
