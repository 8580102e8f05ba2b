using Microsoft.AspNetCore.SignalR;
using LiveServer.Api.Auth;
using LiveServer.Api.Ingest;
using LiveServer.Api.Interactive;
using LiveServer.Api.Livestreams;
using LiveServer.Api.Participants;
using LiveServer.Api.Recordings;
using LiveServer.Api.Rooms;
using LiveServer.Api.Storage;
using LiveServer.Api.Templates;
using LiveServer.Api.Webhooks;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Hls;
using LiveServer.Media;
using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Serilog;

namespace LiveServer.Api.Hosting;

/// <summary>All of the server's registrations and endpoints, in one place.</summary>
public static class LiveServerHosting
{
    /// <summary>The CORS policy that lets players on other origins read playlists and segments.</summary>
    public const string PlayerCorsPolicy = "players";

    /// <summary>Registers every service the server needs.</summary>
    public static WebApplicationBuilder AddLiveServer(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
            && string.IsNullOrEmpty(builder.Configuration["URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext());
        builder.AddLiveServerStorage();
        builder.AddLiveServerAudience();
        builder.AddLiveServerPubsub();
        builder.AddLiveServerPolls();
        builder.AddLiveServerQuestions();
        builder.AddLiveServerGifts();
        builder.AddLiveServerStage();
        builder.AddLiveServerTimedMarks();
        builder.AddLiveServerTemplates();
        builder.AddLiveServerWebhooks();
        builder.AddLiveServerRecordings();
        builder.AddLiveServerMedia();
        builder.AddLiveServerHls();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RoomRegistry>();
        builder.Services.AddSingleton<LivestreamRegistry>();
        builder.Services.AddSingleton<RoomNotifier>();
        builder.Services.AddSingleton<TestParticipantFactory>();
        builder.Services.AddSingleton<LivestreamService>();
        builder.Services.AddSingleton(sp => new HeldRequestLimiter(sp.GetRequiredService<IOptions<HlsOptions>>().Value.MaxHeldRequestsPerClient));
        Admission.AdmissionRegistration.AddLiveServerAdmission(builder);
        Cluster.ClusterRegistration.AddLiveServerCluster(builder);
        builder.Services.AddOptions<WebRtcOptions>()
            .BindConfiguration(WebRtcOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.HasValidAddresses, "WebRtc:BindAddress and WebRtc:PublicAddresses must be IP addresses.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebRtcIngest>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebRtcIngest>());
        builder.Services.AddSingleton<WhipSessionRegistry>();
        builder.Services.AddSingleton<WebRtcParticipantFactory>();

        // Registered after the ingest, so it stops first: livestreams end while publishers are still there.
        builder.Services.AddHostedService<ShutdownService>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.AddLiveServerAuth();
        builder.AddRequestLimits();
        builder.AddLiveServerMetrics();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<RoomFanout>();
        builder.Services.AddSingleton<IRoomFanout>(sp => sp.GetRequiredService<RoomFanout>());
        builder.Services.AddSingleton<HubLifetimeManager<RoomsHub>, RoomsHubLifetimeManager>();
        builder.Services.AddCors(o => o.AddPolicy(PlayerCorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()));
        builder.Services.AddHealthChecks().AddCheck<FfmpegHealthCheck>("ffmpeg").AddCheck<UdpHealthCheck>("udp");
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v2", new() { Title = "LiveServer", Version = "v2" });

            // Swagger UI's "Authorize" button: paste a token (LiveServer token --role crawler).
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A LiveServer token: role crawler for the REST API, rtc for WHIP.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        });
        return builder;
    }

    /// <summary>Maps every endpoint.</summary>
    public static WebApplication MapLiveServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging();
        app.UseCors();
        app.UseDefaultFiles();
        // Template pages on other origins import the SDK's modules (/sdk, /js/audience, /lib), which needs CORS.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = c => c.Context.Response.Headers.AccessControlAllowOrigin = "*" });
        app.UseSwagger();
        app.UseSwaggerUI(o => o.SwaggerEndpoint("/swagger/v2/swagger.json", "LiveServer v2"));

        app.UseRequestLimits();
        app.UseAuthentication();
        app.UseAuthorization();

        // Every REST endpoint needs a crawler (or allow_mod) token and counts against the client's rate.
        var api = app.MapGroup(string.Empty)
            .RequireAuthorization(AuthPolicies.Api)
            .RequireRateLimiting(RequestLimits.RestPolicy)
            .RoomScoped()
            .AddEndpointFilter<LivestreamUrlSigningFilter>();
        api.MapRoomsApi();
        api.MapRoomEventsApi();
        api.MapWebhooksApi();
        api.MapRecordingsApi();
        api.MapRoomSessionsApi();
        api.MapHlsApi();
        api.MapPollsModerationApi();
        api.MapQuestionsModerationApi();
        api.MapStageApi();

        // The audience's calls (reactions; chat, polls and questions to come): viewers, hosts and moderators, each for its own room.
        var audience = app.MapGroup(string.Empty)
            .RequireAuthorization(AuthPolicies.Audience)
            .RequireRateLimiting(RequestLimits.RestPolicy)
            .RoomScoped();
        audience.MapReactionsApi();
        audience.AddEndpointFilter<RoomBanFilter>().MapPubsubApi();
        audience.MapPollsApi();
        audience.MapQuestionsApi();
        audience.MapGiftsApi();

        // Playlists, segments and recordings are public unless Hls:RequireSignedUrls is on.
        app.MapGroup(string.Empty).AddEndpointFilter<HlsSignatureFilter>().MapHlsFiles().MapRecordingDownloads();
        app.MapGroup(string.Empty).RoomScoped().MapWhipApi();
        app.MapHub<RoomsHub>("/hubs/rooms").RequireAuthorization(AuthPolicies.AnyToken);
        app.MapHealthChecks("/health");
        app.MapLiveServerMetrics();
        var ffmpeg = app.Services.GetRequiredService<FfmpegInstallation>();
        if (ffmpeg.IsAvailable)
        {
            app.Logger.LogInformation("Using FFmpeg at {FfmpegPath}", ffmpeg.Path);
        }
        else
        {
            app.Logger.LogError("{Problem} Livestreams and test participants cannot start; /health reports unhealthy.", FfmpegInstallation.MissingMessage);
        }

        DevelopmentSecret.AnnounceWhenStarted(app);
        return app;
    }
}
