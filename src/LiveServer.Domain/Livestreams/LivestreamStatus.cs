using System.Text.Json.Serialization;

namespace LiveServer.Domain.Livestreams;

/// <summary>The states of a livestream, named on the wire as the hosted service names them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LivestreamStatus>))]
public enum LivestreamStatus
{
    /// <summary>Accepted; the pipeline is being set up.</summary>
    [JsonStringEnumMemberName("HLS_STARTING")]
    Starting,

    /// <summary>The pipeline runs; no segment yet.</summary>
    [JsonStringEnumMemberName("HLS_STARTED")]
    Started,

    /// <summary>The first segment is listed; the URLs play.</summary>
    [JsonStringEnumMemberName("HLS_PLAYABLE")]
    Playable,

    /// <summary>Stop requested; the last segment is being written.</summary>
    [JsonStringEnumMemberName("HLS_STOPPING")]
    Stopping,

    /// <summary>Ended; the playback playlist is complete.</summary>
    [JsonStringEnumMemberName("HLS_STOPPED")]
    Stopped,

    /// <summary>Could not go on; see the failure reason.</summary>
    [JsonStringEnumMemberName("HLS_FAILED")]
    Failed,
}
