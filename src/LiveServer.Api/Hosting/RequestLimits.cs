using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Hosting;

/// <summary>
/// Body size and request rate limits of <see cref="LimitsOptions"/>: bodies over
/// <c>Limits:MaxRequestBodySize</c> get 413 (by their Content-Length at once, or when the server reads
/// past the limit of a chunked body), and each client IP has a fixed window of REST and of WHIP
/// requests (ASP.NET Core's rate limiter) beyond which it gets 429 with <c>Retry-After</c>.
/// </summary>
public static class RequestLimits
{
    /// <summary>The rate limiting policy of the REST API.</summary>
    public const string RestPolicy = "rest";

    /// <summary>The rate limiting policy of WHIP.</summary>
    public const string WhipPolicy = "whip";

    /// <summary>Registers the options and the rate limiter.</summary>
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(RestPolicy, context => Window(context, RestPolicy, l => l.RestRequestsPerWindow));
            o.AddPolicy(WhipPolicy, context => Window(context, WhipPolicy, l => l.WhipRequestsPerWindow));
            o.OnRejected = OnRejectedAsync;
        });
        return builder;
    }

    /// <summary>Refuses oversize bodies, then applies the rate limits.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(LimitBodyAsync);
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The client address requests are counted under.</summary>
    public static string ClientOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "local";
    }

    private static async Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        // SignalR carries its own message size limit; its long polling posts are not API bodies.
        if (!context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRequestBodySize;
            if (context.Request.ContentLength > limit)
            {
                await WriteProblemAsync(
                    context,
                    StatusCodes.Status413PayloadTooLarge,
                    "The request body is too large.",
                    $"Request bodies are limited to {limit} bytes (Limits:MaxRequestBodySize).").ConfigureAwait(false);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private static RateLimitPartition<string> Window(HttpContext context, string policy, Func<LimitsOptions, int> permits)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(policy + "|" + ClientOf(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(limits),
            Window = limits.RateLimitWindow,
            QueueLimit = 0,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var key = context.Request.Path.Value?.Contains("/whip", StringComparison.Ordinal) == true
            ? "Limits:WhipRequestsPerWindow"
            : "Limits:RestRequestsPerWindow";
        await WriteProblemAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Too many requests.",
            $"This client sent too many requests ({key}); retry after {seconds} s.").ConfigureAwait(false);
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;

        // WHIP clients on other origins must be able to read why they were refused.
        if (context.Request.Path.Value?.Contains("/whip", StringComparison.Ordinal) == true)
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
