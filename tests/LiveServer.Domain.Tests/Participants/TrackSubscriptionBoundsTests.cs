using LiveServer.Domain.Participants;

namespace LiveServer.Domain.Tests.Participants;

/// <summary>A subscriber that never reads holds at most its capacity, and its own drops are counted apart from the others'.</summary>
public sealed class TrackSubscriptionBoundsTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Publish_StalledSubscriberOverManyFrames_HoldsAtMostCapacityAndCountsItsOwnDrops()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        using var stalled = track.Subscribe(capacity: 8);
        using var reading = track.Subscribe(capacity: 8);

        for (var i = 0; i < 10_000; i++)
        {
            track.Publish(new EncodedFrame(MediaCodec.Vp8, i % 50 == 0, i, Now, new byte[1000]));
            reading.Reader.TryRead(out _);
        }

        Assert.Equal(8, stalled.Reader.Count);
        Assert.Equal(10_000 - 8, stalled.Dropped);
        Assert.Equal(0, reading.Dropped);
        Assert.Equal(stalled.Dropped, track.DroppedFrames);
    }

    [Fact]
    public void Subscribe_ReplayOfCachedGopThatFits_DropsNothing()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        for (var i = 0; i < 5; i++)
        {
            track.Publish(new EncodedFrame(MediaCodec.Vp8, i == 0, i, Now, new byte[1]));
        }

        using var late = track.Subscribe(capacity: 5);

        Assert.Equal(5, late.Reader.Count);
        Assert.Equal(0, late.Dropped);
    }
}
