using System.Net.Http.Json;
using System.Text.Json;

namespace LiveServer.Api.Tests;

/// <summary>Small helpers over the REST API for tests.</summary>
public static class ApiClient
{
    public static async Task<string> CreateRoomAsync(this HttpClient client, string? customRoomId = null)
    {
        var response = await client.PostAsJsonAsync("/v2/rooms", new { customRoomId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
    }

    public static async Task<string> AddTestParticipantAsync(this HttpClient client, string roomId, object request)
    {
        var response = await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantId").GetString()!;
    }

    public static async Task<JsonElement> StartHlsAsync(this HttpClient client, string roomId, object? config = null)
    {
        var response = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The field names a ProblemDetails' <c>errors</c> object lists.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(p => p.Name)] : [];

    /// <summary>The messages a ProblemDetails' <c>errors</c> object gives for <paramref name="field"/>, joined.</summary>
    public static string ErrorText(this JsonElement problem, string field) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : string.Empty;
}
