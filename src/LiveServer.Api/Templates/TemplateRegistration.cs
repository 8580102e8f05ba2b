namespace LiveServer.Api.Templates;

/// <summary>Registers custom templates: their options, URL policy, server address and page launches.</summary>
public static class TemplateRegistration
{
    /// <summary>Adds <see cref="TemplateOptions"/>, <see cref="TemplateUrlPolicy"/>, <see cref="TemplateApiBase"/>, <see cref="TemplatePages"/> and the start-up <see cref="OrphanSweep"/>.</summary>
    public static WebApplicationBuilder AddLiveServerTemplates(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TemplateOptions>().BindConfiguration(TemplateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TemplateApiBase>();
        builder.Services.AddSingleton<TemplateUrlPolicy>();
        builder.Services.AddSingleton<TemplatePages>();
        builder.Services.AddHostedService<OrphanSweep>();
        return builder;
    }
}
