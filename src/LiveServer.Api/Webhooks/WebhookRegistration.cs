using Microsoft.Extensions.Options;

namespace LiveServer.Api.Webhooks;

/// <summary>Registers webhook delivery: the signing secret, the HTTP client and the dispatcher.</summary>
public static class WebhookRegistration
{
    /// <summary>
    /// Adds <see cref="WebhookSecret"/>, <see cref="WebhookHttpClient"/> and the
    /// <see cref="WebhookDispatcher"/> hosted service, and checks <c>Webhooks:Urls</c> at start (each an
    /// http(s) URL, not a private address unless <c>Webhooks:AllowPrivateNetworks</c>). Call after
    /// <c>AddLiveServerStorage</c>, which binds <see cref="WebhookOptions"/> and adds the outbox.
    /// </summary>
    public static WebApplicationBuilder AddLiveServerWebhooks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, UrlsValidation>();
        builder.Services.AddSingleton<WebhookSecret>();
        builder.Services.AddSingleton<WebhookHttpClient>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    private sealed class UrlsValidation : IValidateOptions<WebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebhookOptions options)
        {
            var failures = new List<string>();
            for (var i = 0; i < options.Urls.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(options.Urls[i])
                    && WebhookTargets.Refusal(options.Urls[i].Trim(), options.AllowPrivateNetworks) is { } refusal)
                {
                    failures.Add($"Webhooks:Urls:{i} ('{options.Urls[i]}') cannot be used: {refusal.Replace("webhookUrl", "a webhook URL", StringComparison.Ordinal)}");
                }
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
