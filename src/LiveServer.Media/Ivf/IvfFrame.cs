namespace LiveServer.Media.Ivf;

/// <summary>One IVF frame.</summary>
/// <param name="Timestamp">Presentation time in the file's time base.</param>
/// <param name="Payload">The codec frame.</param>
public sealed record IvfFrame(long Timestamp, byte[] Payload);
