using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LiveServer.HubLoad;

/// <summary>
/// A poll and a burst of votes: a moderator opens a poll (<c>POST /v2/rooms/{roomId}/polls</c>), then
/// as many distinct audience identities as asked vote at once (<c>POST …/polls/{pollId}/votes</c>, all
/// requests started together over a pool of keep-alive connections opened beforehand). The time that
/// counts starts when the first vote is sent; the viewers' side (when each saw the final total) is
/// in their reports.
/// </summary>
internal sealed class VoteBurst(Uri server, string roomId, LoadTokens tokens) : IDisposable
{
    private const int Connections = 100;
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<VoteBurstResult> RunAsync(string label, int votes, CancellationToken cancellationToken)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, $"/v2/rooms/{roomId}/polls")
        {
            Content = JsonContent.Create(new { question = $"hub-load {label}", options = new[] { "yes", "no" } }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Moderator());
        using var created = await _http.SendAsync(create, cancellationToken);
        created.EnsureSuccessStatusCode();
        var pollId = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("pollId").GetString()!;

        // Open the pool first (health is neither authenticated nor rate limited), so the burst is votes, not TCP handshakes.
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => _http.GetAsync("/health", cancellationToken)));
        var requests = Enumerable.Range(0, votes).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/rooms/{roomId}/polls/{pollId}/votes")
            {
                Content = JsonContent.Create(new { optionId = i % 2 == 0 ? "a" : "b" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Viewer(roomId, $"voter-{label}-{i}"));
            return request;
        }).ToList();

        var firstSent = DateTime.UtcNow.Ticks;
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(requests.Select(async request =>
        {
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                return (Status: response.StatusCode, Elapsed: clock.Elapsed);
            }
            catch (HttpRequestException)
            {
                return (Status: (HttpStatusCode)0, Elapsed: clock.Elapsed);
            }
            finally
            {
                request.Dispose();
            }
        }));
        var statuses = answers.GroupBy(a => (int)a.Status).ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count());
        return new VoteBurstResult(
            label,
            pollId,
            votes,
            answers.Count(a => a.Status == HttpStatusCode.OK),
            statuses,
            firstSent,
            answers.Length == 0 ? 0 : answers.Max(a => a.Elapsed).TotalMilliseconds,
            answers.Length == 0 ? 0 : answers.Select(a => a.Elapsed.TotalMilliseconds).Order().ElementAt(answers.Length / 2));
    }

    public void Dispose() => _http.Dispose();
}
