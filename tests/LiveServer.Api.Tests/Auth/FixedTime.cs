namespace LiveServer.Api.Tests.Auth;

/// <summary>A clock that reads <see cref="Now"/>.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
