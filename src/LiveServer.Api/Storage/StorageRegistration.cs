using LiveServer.Api.Rooms;
using LiveServer.Api.Webhooks;
using LiveServer.Storage;
using LiveServer.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Storage;

/// <summary>Registers the store, its writer and what starts from it.</summary>
public static class StorageRegistration
{
    /// <summary>
    /// The SQLite store at <c>Storage:Database</c> and the startup step that loads it. Call before
    /// every other hosted service is registered, so the state is back before anything serves.
    /// </summary>
    public static WebApplicationBuilder AddLiveServerStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ILiveStore>(sp => SqliteLiveStore.Open(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp =>
        {
            var writer = new StoreWriter(sp.GetRequiredService<ILiveStore>());
            var logger = sp.GetRequiredService<ILogger<StoreWriter>>();
            writer.Failed += (write, error) => logger.LogError(error, "Could not store {Write}; it is lost", write.GetType().Name);
            return writer;
        });
        builder.Services.AddSingleton<RoomSequences>();
        builder.Services.AddSingleton<WebhookOutbox>();
        builder.Services.AddSingleton<LivestreamJournal>();
        builder.Services.AddSingleton<DiskSpace>();
        builder.Services.AddSingleton<StoreStartup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreStartup>());
        return builder;
    }
}
