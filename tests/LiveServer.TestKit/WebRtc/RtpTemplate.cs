namespace LiveServer.TestKit.WebRtc;

/// <summary>One packet of a captured stream: its bytes (SSRC 0) and its RTP timestamp within one pass.</summary>
public sealed record RtpTemplate(byte[] Bytes, uint Timestamp);
