namespace LiveServer.Api.Templates;

/// <summary>Registers custom templates: their options, URL policy, server address and page launches.</summary>
public static class TemplateRegistration
{
    /// <summary>Adds <see cref="TemplateOptions"/>, <see cref="TemplateUrlPolicy"/>, <see cref="TemplateApiBase"/> and <see cref="TemplatePages"/>.</summary>
    public static WebApplicationBuilder AddLiveServerTemplates(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TemplateOptions>().BindConfiguration(TemplateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TemplateApiBase>();
        builder.Services.AddSingleton<TemplateUrlPolicy>();
        builder.Services.AddSingleton<TemplatePages>();
        return builder;
    }
}
