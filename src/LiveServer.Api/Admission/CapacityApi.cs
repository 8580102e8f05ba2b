using Microsoft.AspNetCore.Http.HttpResults;
using LiveServer.Domain.Livestreams;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Admission;

/// <summary><c>GET /v2/capacity</c>: the admission budget, the load, and what could start now.</summary>
public static class CapacityApi
{
    private static readonly LivestreamConfig Low = Parse(null, "low");
    private static readonly LivestreamConfig Med = Parse(null, "med");
    private static readonly LivestreamConfig High = Parse(null, "high");
    private static readonly LivestreamConfig AudioOnly = Parse("audio", null);

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapCapacityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/capacity", Get).WithTags("Livestreams");
        return app;
    }

    /// <summary>The capacity report.</summary>
    public static Ok<CapacityResponse> Get(
        AdmissionControl admission, LoadMonitor monitor, LivestreamRegistry livestreams, IOptions<AdmissionOptions> options)
    {
        var o = options.Value;
        var measured = monitor.Current;
        return TypedResults.Ok(new CapacityResponse(
            Environment.ProcessorCount,
            o.BudgetCores,
            Math.Round(admission.CommittedCores(), 3),
            measured.CpuCores,
            Math.Round(measured.LateShare, 3),
            livestreams.Active().Count,
            o.MaxLivestreams,
            new CapacityByKind(
                admission.Decide(Low).Admitted, admission.Decide(Med).Admitted, admission.Decide(High).Admitted, admission.Decide(AudioOnly).Admitted),
            new CostByKind(admission.CostOf(Low), admission.CostOf(Med), admission.CostOf(High), admission.CostOf(AudioOnly))));
    }

    private static LivestreamConfig Parse(string? mode, string? quality) =>
        LivestreamConfigParser.Parse(new LivestreamConfigInput(null, null, mode, quality, null)).Config!;
}
