namespace LiveServer.Api.Admission;

/// <summary>Whether one more livestream may start, and if not, why.</summary>
/// <param name="Verdict">Admitted, or which refusal.</param>
/// <param name="Reason">A sentence for the ProblemDetails, null when admitted.</param>
/// <param name="RetryAfter">When to ask again, for a refusal.</param>
public sealed record AdmissionDecision(AdmissionVerdict Verdict, string? Reason, TimeSpan RetryAfter)
{
    /// <summary>True when the start may go ahead.</summary>
    public bool Admitted => Verdict == AdmissionVerdict.Admitted;
}
