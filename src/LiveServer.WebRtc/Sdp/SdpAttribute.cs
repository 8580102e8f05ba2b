namespace LiveServer.WebRtc.Sdp;

/// <summary>An a= line as written: name and optional value.</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="Value">The text after the first colon, or <see langword="null"/> for a flag attribute.</param>
public sealed record SdpAttribute(string Name, string? Value);
