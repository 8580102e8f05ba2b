using LiveServer.Api.Interactive;

namespace LiveServer.Api.Livestreams;

/// <summary>Registers where timed marks go.</summary>
public static class TimedMarksRegistration
{
    /// <summary>Adds <see cref="ITimedMarks"/>: <see cref="LivestreamMarks"/>, into the running livestream's playlists.</summary>
    public static WebApplicationBuilder AddLiveServerTimedMarks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ITimedMarks, LivestreamMarks>();
        return builder;
    }
}
