namespace LiveServer.WebRtc.Stun;

/// <summary>The ERROR-CODE values an ICE-lite agent answers with (RFC 8489 section 14.8, RFC 8445 section 7.3.1.1).</summary>
public enum StunErrorCode
{
    /// <summary>400 Bad Request: the request was malformed.</summary>
    BadRequest = 400,

    /// <summary>401 Unauthorized: missing or wrong credentials (MESSAGE-INTEGRITY or USERNAME).</summary>
    Unauthorized = 401,

    /// <summary>420 Unknown Attribute: a comprehension-required attribute was not understood.</summary>
    UnknownAttribute = 420,

    /// <summary>487 Role Conflict: both agents claim the same ICE role.</summary>
    RoleConflict = 487,

    /// <summary>500 Server Error: a temporary failure on the server.</summary>
    ServerError = 500,
}
