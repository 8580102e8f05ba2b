namespace LiveServer.Api.Interactive;

/// <summary>What a stage call came to.</summary>
public abstract record StageOutcome
{
    /// <summary>Done: the room event it published (<c>stageRequested</c>, <c>stageRemoved</c>, …), with its <c>seq</c>.</summary>
    /// <param name="Event">The event.</param>
    public sealed record Done(StageEventMessage Event) : StageOutcome;

    /// <summary>Invited: the invite that went to the viewer.</summary>
    /// <param name="Invite">The invite, with its token.</param>
    public sealed record Invited(StageInvite Invite) : StageOutcome;

    /// <summary>The request is invalid (400).</summary>
    /// <param name="Field">The field at fault.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Invalid(string Field, string Detail) : StageOutcome;

    /// <summary>No such room, connected viewer or participant on stage (404).</summary>
    /// <param name="Field">The id at fault.</param>
    /// <param name="Detail">Which.</param>
    public sealed record NotFound(string Field, string Detail) : StageOutcome;

    /// <summary>The participant is on stage already, or banned (409).</summary>
    /// <param name="Field">The field at fault.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Conflict(string Field, string Detail) : StageOutcome;

    /// <summary>The caller's token may not do this (403).</summary>
    /// <param name="Detail">Why.</param>
    public sealed record Refused(string Detail) : StageOutcome;
}
