using LiveServer.Storage;

namespace LiveServer.Api.Recordings;

/// <summary>Registers recordings and retention.</summary>
public static class RecordingsRegistration
{
    /// <summary>
    /// The recording maker and its loop, and the retention pass. Call right after the storage
    /// registration: the loop must start after the store is loaded (it reads
    /// <see cref="Storage.StoreStartup.Recovered"/>) and stop after the livestreams ended.
    /// </summary>
    public static WebApplicationBuilder AddLiveServerRecordings(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A tiny retention would race a recording being queued for a livestream that just ended.
        builder.Services.AddOptions<StorageOptions>()
            .Validate(o => o.Retention is null || o.Retention >= TimeSpan.FromMinutes(1), "Storage:Retention must be at least 1 minute, or empty to keep everything.");
        builder.Services.AddSingleton<RecordingFiles>();
        builder.Services.AddSingleton<RecordingMaker>();
        builder.Services.AddSingleton<RecordingService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingService>());
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return builder;
    }
}
