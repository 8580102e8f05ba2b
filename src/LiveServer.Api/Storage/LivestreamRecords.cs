using System.Text.Json;
using System.Text.Json.Serialization;
using LiveServer.Domain.Livestreams;
using LiveServer.Storage;

namespace LiveServer.Api.Storage;

/// <summary>How a <see cref="Livestream"/> is stored and read back.</summary>
public static class LivestreamRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The livestream's row.</summary>
    public static StoredLivestream ToStored(Livestream livestream)
    {
        ArgumentNullException.ThrowIfNull(livestream);
        return new StoredLivestream(
            livestream.Id,
            livestream.RoomId,
            JsonSerializer.Serialize(livestream.Config, Json),
            WireName(livestream.Status),
            livestream.Start,
            livestream.End,
            livestream.FailureReason,
            JsonSerializer.Serialize(livestream.Stats, Json),
            livestream.WebhookUrl,
            livestream.BaseUrl,
            livestream.Config.Recording,
            livestream.FilesDeleted);
    }

    /// <summary>The livestream of a row.</summary>
    public static Livestream FromStored(StoredLivestream stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var config = JsonSerializer.Deserialize<LivestreamConfig>(stored.ConfigJson, Json) ?? LivestreamConfig.Default;
        var stats = stored.StatsJson is { } statsJson ? JsonSerializer.Deserialize<LivestreamStats>(statsJson, Json) ?? LivestreamStats.None : LivestreamStats.None;
        return Livestream.Restore(
            stored.Id, stored.RoomId, config with { Recording = stored.RecordingEnabled }, stored.StartedAt, ParseStatus(stored.Status),
            stored.EndedAt, stored.FailureReason, stats, stored.WebhookUrl, stored.BaseUrl, stored.FilesDeleted);
    }

    /// <summary>The wire name of a status, e.g. <c>HLS_PLAYABLE</c>.</summary>
    public static string WireName(LivestreamStatus status) => JsonSerializer.Serialize(status).Trim('"');

    /// <summary>The status of a wire name.</summary>
    public static LivestreamStatus ParseStatus(string wireName) => JsonSerializer.Deserialize<LivestreamStatus>($"\"{wireName}\"");
}
