namespace LiveServer.Api.Interactive;

/// <summary>Registers the stage: raised hands, invites and removals.</summary>
public static class StageRegistration
{
    /// <summary>Adds <see cref="StageService"/> and <see cref="StageOptions"/>.</summary>
    public static WebApplicationBuilder AddLiveServerStage(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StageOptions>().BindConfiguration(StageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StageService>();
        return builder;
    }
}
