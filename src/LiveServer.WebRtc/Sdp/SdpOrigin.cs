namespace LiveServer.WebRtc.Sdp;

/// <summary>The o= line (RFC 8866 section 5.2).</summary>
/// <param name="Username">The user name, "-" for browsers.</param>
/// <param name="SessionId">The session id (digits).</param>
/// <param name="SessionVersion">The session version (digits).</param>
/// <param name="NetworkType">"IN".</param>
/// <param name="AddressType">"IP4" or "IP6".</param>
/// <param name="Address">The unicast address (often a placeholder).</param>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address);
