namespace LiveServer.Api.Interactive;

/// <summary>Registers what the audience side runs: the reaction counter and the viewer counter.</summary>
public static class AudienceRegistration
{
    /// <summary>Adds the counters (hosted: each pushes its room events on a timer) and their options.</summary>
    public static WebApplicationBuilder AddLiveServerAudience(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReactionOptions>().BindConfiguration(ReactionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReactionCounter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReactionCounter>());
        builder.Services.AddSingleton<ViewerCounter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ViewerCounter>());
        builder.Services.AddSingleton<OverlayStates>();
        builder.Services.AddSingleton<OverlayFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OverlayFeed>());
        return builder;
    }
}
