// The two answers an ICE-lite agent gives to a Binding request: RFC 8445 section 7.3 (responding
// to a connectivity check) with the message rules of RFC 8489 sections 6.3.3 and 7.3.1. A success
// response carries XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY keyed with the local password and
// FINGERPRINT; an error response carries ERROR-CODE and FINGERPRINT, and MESSAGE-INTEGRITY only
// when the request authenticated (so not for 400 or 401).
//
// Left out: the 420 response's UNKNOWN-ATTRIBUTES list and SOFTWARE.
using System.Net;

namespace LiveServer.WebRtc.Stun;

/// <summary>Writes Binding success and error responses into a caller-provided buffer.</summary>
public static class StunBindingResponse
{
    /// <summary>
    /// A buffer of this size holds any response written here: header 20, XOR-MAPPED-ADDRESS 24,
    /// ERROR-CODE at most 4 + 4 + 20, MESSAGE-INTEGRITY 24, FINGERPRINT 8.
    /// </summary>
    public const int MaxLength = 128;

    /// <summary>Writes a Binding success response.</summary>
    /// <param name="destination">At least <see cref="MaxLength"/> bytes.</param>
    /// <param name="transactionId">The request's transaction id.</param>
    /// <param name="mappedAddress">The transport address the request came from.</param>
    /// <param name="integrityKey">The local ICE password (UTF-8 bytes).</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteSuccess(
        Span<byte> destination,
        ReadOnlySpan<byte> transactionId,
        IPEndPoint mappedAddress,
        ReadOnlySpan<byte> integrityKey)
    {
        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunClass.SuccessResponse, transactionId);
        writer.AddXorMappedAddress(mappedAddress);
        writer.AddMessageIntegrity(integrityKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>Writes a Binding error response with the standard reason phrase.</summary>
    /// <param name="destination">At least <see cref="MaxLength"/> bytes.</param>
    /// <param name="transactionId">The request's transaction id.</param>
    /// <param name="code">The error.</param>
    /// <param name="integrityKey">
    /// The local ICE password when the request authenticated (e.g. 487 Role Conflict); empty
    /// for 400 and 401, which are sent without MESSAGE-INTEGRITY.
    /// </param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteError(
        Span<byte> destination,
        ReadOnlySpan<byte> transactionId,
        StunErrorCode code,
        ReadOnlySpan<byte> integrityKey)
    {
        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunClass.ErrorResponse, transactionId);
        writer.AddErrorCode((int)code, ReasonPhrase(code));
        if (!integrityKey.IsEmpty)
        {
            writer.AddMessageIntegrity(integrityKey);
        }

        writer.AddFingerprint();
        return writer.Length;
    }

    private static string ReasonPhrase(StunErrorCode code) => code switch
    {
        StunErrorCode.BadRequest => "Bad Request",
        StunErrorCode.Unauthorized => "Unauthorized",
        StunErrorCode.UnknownAttribute => "Unknown Attribute",
        StunErrorCode.RoleConflict => "Role Conflict",
        StunErrorCode.ServerError => "Server Error",
        _ => string.Empty,
    };
}
