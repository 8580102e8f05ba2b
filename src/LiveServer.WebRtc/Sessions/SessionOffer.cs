using System.Diagnostics.CodeAnalysis;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// The outcome of <see cref="WebRtcEndpoint.Accept"/>: a session and the SDP answer to return to
/// the publisher, or why the offer was refused.
/// </summary>
public sealed class SessionOffer
{
    private SessionOffer(PeerSession? session, string? answerSdp, string? error)
    {
        Session = session;
        AnswerSdp = answerSdp;
        Error = error;
    }

    /// <summary>The new session (waiting for ICE), or <see langword="null"/> when refused.</summary>
    public PeerSession? Session { get; }

    /// <summary>The SDP answer (CRLF line ends), or <see langword="null"/> when refused.</summary>
    public string? AnswerSdp { get; }

    /// <summary>Why the offer was refused (for a 4xx body; names the SDP line when there is one), or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>True when a session was created and <see cref="AnswerSdp"/> holds the answer.</summary>
    [MemberNotNullWhen(true, nameof(Session), nameof(AnswerSdp))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Session is not null;

    internal static SessionOffer Accepted(PeerSession session, string answerSdp) => new(session, answerSdp, null);

    internal static SessionOffer Refused(string error) => new(null, null, error);
}
