using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LiveServer.Api.Hosting;

/// <summary>
/// <c>GET /metrics</c> in Prometheus text format through OpenTelemetry: the server's own meter
/// (<see cref="LiveServerMetrics"/>) and ASP.NET Core's built-in <c>Microsoft.AspNetCore.Hosting</c>
/// meter (<c>http.server.request.duration</c>), so no instrumentation package is needed.
/// </summary>
/// <remarks>
/// The endpoint takes no token (scrapers do not carry one) and is outside the rate limits (a scrape
/// every few seconds must never get 429). It shows counts only: no room, livestream or client names.
/// Keep it from the public with a network policy or the reverse proxy (allow the scraper's address to
/// <c>/metrics</c> only).
/// </remarks>
public static class MetricsRegistration
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>ASP.NET Core's meter of request durations and active requests.</summary>
    public const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>Registers <see cref="LiveServerMetrics"/> and the OpenTelemetry meter provider with the Prometheus exporter.</summary>
    public static WebApplicationBuilder AddLiveServerMetrics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<LiveServerMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("liveserver"))
            .WithMetrics(metrics => metrics
                .AddMeter(LiveServerMetrics.MeterName, AspNetCoreHostingMeter)
                .AddPrometheusExporter());

        // Listeners are process-wide: a process holding several hosts (integration tests) would
        // export every host's meters of these names. Each host keeps to its own.
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) =>
        {
            var own = services.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument =>
                instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
        });
        return builder;
    }

    /// <summary>Creates the instruments and maps <see cref="Path"/>, anonymous and not rate limited.</summary>
    public static WebApplication MapLiveServerMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Observable instruments exist only once their owner does.
        _ = app.Services.GetRequiredService<LiveServerMetrics>();
        app.MapPrometheusScrapingEndpoint(Path)
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }
}
