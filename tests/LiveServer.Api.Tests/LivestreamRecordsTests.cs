using LiveServer.Api.Storage;
using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Tests;

/// <summary>A livestream read back from its row is the livestream that was stored.</summary>
public sealed class LivestreamRecordsTests
{
    [Fact]
    public void EveryField_RoundTrips()
    {
        var config = LivestreamConfigParser.Parse(new LivestreamConfigInput(
            new LayoutConfigInput("SIDEBAR", "PIN", 3), "DARK", "video-and-audio", "high", "portrait", new RecordingConfigInput(true))).Config!;
        var start = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var livestream = Livestream.Restore(
            "hls-1", "room", config, start, LivestreamStatus.Failed, start.AddMinutes(5), "why", new LivestreamStats(9000, 3, 150, 1),
            "https://example.com/hook", "https://live.example.com", filesDeleted: true);

        var back = LivestreamRecords.FromStored(LivestreamRecords.ToStored(livestream));

        Assert.Equal(config, back.Config);
        Assert.True(back.Config.Recording);
        Assert.Equal(
            (livestream.Id, livestream.RoomId, livestream.Start, livestream.End, livestream.Status, livestream.FailureReason, livestream.Stats,
             livestream.WebhookUrl, livestream.BaseUrl, livestream.FilesDeleted),
            (back.Id, back.RoomId, back.Start, back.End, back.Status, back.FailureReason, back.Stats, back.WebhookUrl, back.BaseUrl, back.FilesDeleted));
    }

    [Theory]
    [InlineData(LivestreamStatus.Starting, "HLS_STARTING")]
    [InlineData(LivestreamStatus.Playable, "HLS_PLAYABLE")]
    [InlineData(LivestreamStatus.Failed, "HLS_FAILED")]
    public void Status_IsStoredByItsWireName(LivestreamStatus status, string wire)
    {
        Assert.Equal(wire, LivestreamRecords.WireName(status));
        Assert.Equal(status, LivestreamRecords.ParseStatus(wire));
    }
}
