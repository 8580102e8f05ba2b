namespace LiveServer.Api.Interactive;

/// <summary>Registers pubsub (chat and other topics), bans and the hub's connection registry.</summary>
public static class PubsubRegistration
{
    /// <summary>Adds <see cref="PubsubService"/>, <see cref="RoomBans"/>, <see cref="RoomConnections"/> and <see cref="PubsubOptions"/>.</summary>
    public static WebApplicationBuilder AddLiveServerPubsub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PubsubOptions>().BindConfiguration(PubsubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RoomConnections>();
        builder.Services.AddSingleton<RoomBans>();
        builder.Services.AddSingleton<PubsubService>();
        return builder;
    }
}
