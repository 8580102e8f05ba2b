namespace LiveServer.Api.Admission;

/// <summary>Registers admission control and its load monitor.</summary>
public static class AdmissionRegistration
{
    /// <summary>Binds and validates <see cref="AdmissionOptions"/>; adds <see cref="LoadMonitor"/> and <see cref="AdmissionControl"/>.</summary>
    public static IHostApplicationBuilder AddLiveServerAdmission(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdmissionOptions>()
            .BindConfiguration(AdmissionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LoadMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LoadMonitor>());
        builder.Services.AddSingleton<AdmissionControl>();
        return builder;
    }
}
