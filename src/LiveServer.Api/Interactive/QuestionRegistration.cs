namespace LiveServer.Api.Interactive;

/// <summary>Registers the Q&amp;A.</summary>
public static class QuestionRegistration
{
    /// <summary>Adds <see cref="QuestionService"/> (and runs its push loop) and <see cref="QuestionOptions"/>.</summary>
    public static WebApplicationBuilder AddLiveServerQuestions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<QuestionOptions>().BindConfiguration(QuestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<QuestionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QuestionService>());
        return builder;
    }
}
