// Answering connectivity checks as an ICE-lite agent: RFC 8445 sections 2.5 (lite agents only
// answer checks), 7.3 (responding to a Binding request: USERNAME "local:remote", MESSAGE-INTEGRITY
// keyed with the local password, a success response with XOR-MAPPED-ADDRESS) and 7.3.1.5 (a lite
// agent takes a nomination, USE-CANDIDATE, as it comes); RFC 8489 sections 7.3.1 and 9.1.3
// (FINGERPRINT checked first, a wrong MESSAGE-INTEGRITY answered with 401 without integrity, an
// unknown comprehension-required attribute with 420); RFC 7675 (every authenticated request refreshes
// consent - the caller records that).
//
// Left out: role conflict handling (RFC 8445 7.3.1.1: a lite agent is always controlled, so a
// request carrying ICE-CONTROLLED is answered like any other), the UNKNOWN-ATTRIBUTES list of a 420,
// and long-term credentials. Nothing here allocates except what the caller passes in.
using System.Net;
using LiveServer.WebRtc.Stun;

namespace LiveServer.WebRtc.Ice;

/// <summary>Authenticates one Binding request for a session and writes the answer.</summary>
internal static class IceLiteResponder
{
    /// <summary>
    /// Parses a STUN datagram far enough to route it: a Binding request with FINGERPRINT that
    /// verifies and a USERNAME "local:remote". Anything else is not answered.
    /// </summary>
    /// <param name="datagram">The datagram (first byte 0..3).</param>
    /// <param name="message">The parsed request when the method returns true.</param>
    /// <param name="localUfrag">The local ufrag from USERNAME, the session key.</param>
    /// <returns>True when the datagram is a routable Binding request.</returns>
    public static bool TryParseRequest(ReadOnlySpan<byte> datagram, out StunMessage message, out ReadOnlySpan<byte> localUfrag)
    {
        localUfrag = default;
        if (!StunMessage.TryParse(datagram, out message, out _)
            || message.Method != StunMethod.Binding
            || message.Class != StunClass.Request
            || !message.VerifyFingerprint())
        {
            return false;
        }

        return message.TryGetLocalUfrag(out localUfrag) && localUfrag.Length <= 256;
    }

    /// <summary>Authenticates a routed request against a session's credentials and writes the response.</summary>
    /// <param name="message">The request from <see cref="TryParseRequest"/>.</param>
    /// <param name="credentials">The session's local credentials.</param>
    /// <param name="remoteUfrag">The offerer's ufrag (the part after ':' must equal it).</param>
    /// <param name="from">The request's source address, echoed in XOR-MAPPED-ADDRESS.</param>
    /// <param name="response">At least <see cref="StunBindingResponse.MaxLength"/> bytes.</param>
    /// <param name="responseLength">Bytes written to <paramref name="response"/>.</param>
    /// <returns>The outcome; every outcome but <see cref="IceCheckResult.Dropped"/> wrote a response.</returns>
    public static IceCheckResult Answer(
        in StunMessage message,
        IceCredentials credentials,
        ReadOnlySpan<byte> remoteUfrag,
        IPEndPoint from,
        Span<byte> response,
        out int responseLength)
    {
        message.TryGetUfrags(out _, out ReadOnlySpan<byte> remote);
        if (!message.VerifyMessageIntegrity(credentials.PasswordBytes) || !remote.SequenceEqual(remoteUfrag))
        {
            responseLength = StunBindingResponse.WriteError(response, message.TransactionId, StunErrorCode.Unauthorized, default);
            return IceCheckResult.Unauthorized;
        }

        if (message.UnknownComprehensionRequiredCount > 0)
        {
            responseLength = StunBindingResponse.WriteError(response, message.TransactionId, StunErrorCode.UnknownAttribute, credentials.PasswordBytes);
            return IceCheckResult.UnknownAttribute;
        }

        responseLength = StunBindingResponse.WriteSuccess(response, message.TransactionId, from, credentials.PasswordBytes);
        return IceCheckResult.Success;
    }
}
