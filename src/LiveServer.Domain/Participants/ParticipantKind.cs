namespace LiveServer.Domain.Participants;

/// <summary>Where a participant's media comes from.</summary>
public enum ParticipantKind
{
    /// <summary>A server-side synthetic host (test picture and tone).</summary>
    Test,

    /// <summary>A browser or other WebRTC publisher (WHIP).</summary>
    WebRtc,
}
