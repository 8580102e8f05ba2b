namespace LiveServer.Api.Auth;

/// <summary>The outcome of checking a token: its claims, or why it was refused (for the log only).</summary>
/// <param name="Claims">The claims of a valid token.</param>
/// <param name="Failure">Why the token was refused; never sent to the client.</param>
public sealed record TokenValidation(TokenClaims? Claims, string? Failure)
{
    /// <summary>A valid token.</summary>
    public static TokenValidation Valid(TokenClaims claims) => new(claims, null);

    /// <summary>A refused token.</summary>
    public static TokenValidation Refused(string reason) => new(null, reason);
}
