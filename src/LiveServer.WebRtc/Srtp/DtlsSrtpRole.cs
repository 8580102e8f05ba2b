namespace LiveServer.WebRtc.Srtp;

/// <summary>
/// This endpoint's DTLS role, which decides whose half of the exported keying material it
/// protects with (RFC 5764 section 4.2): the client writes with client_write_*, the server with
/// server_write_*.
/// </summary>
public enum DtlsSrtpRole
{
    /// <summary>This endpoint is the DTLS client.</summary>
    Client,

    /// <summary>This endpoint is the DTLS server (LiveServer's usual role toward browsers).</summary>
    Server,
}
