namespace LiveServer.Api.Interactive;

/// <summary>Registers polls.</summary>
public static class PollRegistration
{
    /// <summary>Adds <see cref="PollService"/> (and runs its push loop).</summary>
    public static WebApplicationBuilder AddLiveServerPolls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PollService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PollService>());
        return builder;
    }
}
