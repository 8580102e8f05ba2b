using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.Api.Admission;
using LiveServer.TestKit;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests;

/// <summary>Admission control: a start that would overload the machine is refused with a reason and Retry-After; running streams are untouched.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class AdmissionTests
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_MaxLivestreamsRunning_429WithRetryAfter_RunningOneUntouched()
    {
        await using var factory = new LiveServerFactory(new()
        {
            ["Admission:MaxLivestreams"] = "1",
            ["Admission:CpuBudgetCores"] = "64",
            ["Admission:LateTickShare"] = "1",
            ["Admission:RetryAfter"] = "00:00:12",
        });
        var client = factory.CreateClient();
        var first = await client.CreateRoomAsync();
        var second = await client.CreateRoomAsync();
        await using var states = await factory.RecordHlsStatesAsync(first);
        var running = (await client.StartHlsAsync(first, new { mode = "audio" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

        var refused = await client.PostAsJsonAsync("/v2/hls/start", new { roomId = second, config = new { mode = "audio" } });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(12), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Admission:MaxLivestreams", (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v2/hls/{second}/active")).StatusCode);
        Assert.Equal("HLS_PLAYABLE", (await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{running}")).GetProperty("status").GetString());
        Assert.Equal(["HLS_STARTING", "HLS_STARTED", "HLS_PLAYABLE"], states.Seen.Select(s => s.Status));
        var capacity = await client.GetFromJsonAsync<JsonElement>("/v2/capacity");
        Assert.Equal(1, capacity.GetProperty("runningLivestreams").GetInt32());
        Assert.Equal(1, capacity.GetProperty("maxLivestreams").GetInt32());
        Assert.False(capacity.GetProperty("canStart").GetProperty("audio").GetBoolean());
        Assert.False(capacity.GetProperty("canStart").GetProperty("low").GetBoolean());

        await client.PostAsJsonAsync("/v2/hls/end", new { roomId = first });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        var admitted = await client.PostAsJsonAsync("/v2/hls/start", new { roomId = second, config = new { mode = "audio" } });
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        await client.PostAsJsonAsync("/v2/hls/end", new { roomId = second });
        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync((await admitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, StateTimeout));
    }

    [Fact]
    public async Task Start_CostBeyondCpuBudget_503WithRetryAfterAndReason_CapacitySaysWhy()
    {
        await using var factory = new LiveServerFactory(new() { ["Admission:CpuBudgetCores"] = "1", ["Admission:CostHighCores"] = "1.2" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var refused = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "high" } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        var detail = (await refused.ProblemAsync()).GetProperty("detail").GetString();
        Assert.Contains("at capacity", detail, StringComparison.Ordinal);
        Assert.Contains("1.20", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v2/hls/{roomId}/active")).StatusCode);

        var capacity = await client.GetFromJsonAsync<JsonElement>("/v2/capacity");
        Assert.Equal(Environment.ProcessorCount, capacity.GetProperty("cores").GetInt32());
        Assert.Equal(1.0, capacity.GetProperty("budgetCores").GetDouble());
        Assert.Equal(0, capacity.GetProperty("runningLivestreams").GetInt32());
        Assert.Equal(32, capacity.GetProperty("maxLivestreams").GetInt32());
        Assert.Equal(0.0, capacity.GetProperty("committedCores").GetDouble());
        Assert.True(capacity.GetProperty("measuredCores").GetDouble() >= 0);
        Assert.False(capacity.GetProperty("canStart").GetProperty("high").GetBoolean());
        Assert.Equal(1.2, capacity.GetProperty("costs").GetProperty("high").GetDouble());
        Assert.Equal(0.05, capacity.GetProperty("costs").GetProperty("audio").GetDouble());
    }

    [Fact]
    public async Task Capacity_Defaults_BudgetIsAShareOfTheMachine()
    {
        await using var factory = new LiveServerFactory(new() { ["Admission:CpuBudgetCores"] = "0" });

        var capacity = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/v2/capacity");

        Assert.Equal(Math.Round(Environment.ProcessorCount * AdmissionOptions.DefaultBudgetShare, 2), capacity.GetProperty("budgetCores").GetDouble());
        Assert.Equal(0.5, capacity.GetProperty("costs").GetProperty("med").GetDouble());
    }

    [Theory]
    [InlineData("Admission:MaxLivestreams", "0")]
    [InlineData("Admission:CpuBudgetCores", "-1")]
    [InlineData("Admission:CostMedCores", "0")]
    [InlineData("Admission:LoadWindow", "00:00:00.100")]
    [InlineData("Admission:LateTickShare", "2")]
    [InlineData("Admission:RetryAfter", "00:00:00")]
    [InlineData("Media:EncoderRestartLimit", "-1")]
    [InlineData("Media:EncoderRestartWindow", "00:00:00")]
    public async Task Start_InvalidSetting_FailsNamingTheKey(string key, string value)
    {
        await using var factory = new LiveServerFactory(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The /proc reader behind the measured load.</summary>
public sealed class ProcessTreeCpuTests
{
    [Fact]
    public void Parse_CommandWithSpacesAndParentheses_ReadsParentAndTimes()
    {
        var stat = "4242 (my (odd) cmd) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 4 0 12345 0 0";

        Assert.Equal((17, 325L), ProcessTreeCpu.Parse(stat));
        Assert.Null(ProcessTreeCpu.Parse("garbage"));
        Assert.Null(ProcessTreeCpu.Parse("1 (x) S 0 1"));
    }

    [Fact]
    public void Sample_ThisProcessAfterWork_IsPositiveAndGrows()
    {
        var before = ProcessTreeCpu.Sample(Environment.ProcessId);
        var spin = System.Diagnostics.Stopwatch.StartNew();
        var x = 0.0;
        while (spin.ElapsedMilliseconds < 300)
        {
            x += Math.Sqrt(x + 1);
        }

        var after = ProcessTreeCpu.Sample(Environment.ProcessId);

        Assert.True(x > 0);
        Assert.True(after > before, $"{before} then {after}");
    }
}
