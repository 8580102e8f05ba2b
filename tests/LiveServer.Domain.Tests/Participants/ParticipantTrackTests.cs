using LiveServer.Domain.Participants;

namespace LiveServer.Domain.Tests.Participants;

public sealed class ParticipantTrackTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static EncodedFrame Video(long timestamp, bool keyframe = false) =>
        new(MediaCodec.Vp8, keyframe, timestamp, Now, new byte[] { (byte)timestamp });

    private static EncodedFrame Audio(long timestamp) =>
        new(MediaCodec.Opus, true, timestamp, Now, new byte[] { 0xfc });

    private static List<EncodedFrame> Drain(TrackSubscription subscription)
    {
        var frames = new List<EncodedFrame>();
        while (subscription.Reader.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    [Fact]
    public void Subscribe_VideoAfterSeveralGops_StartsWithLastKeyframeAndFollowers()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        track.Publish(Video(0));
        track.Publish(Video(1, keyframe: true));
        track.Publish(Video(2));
        track.Publish(Video(3, keyframe: true));
        track.Publish(Video(4));
        track.Publish(Video(5));

        using var subscription = track.Subscribe();
        track.Publish(Video(6));

        var frames = Drain(subscription);
        Assert.Equal([3L, 4L, 5L, 6L], frames.Select(f => f.Timestamp));
        Assert.True(frames[0].IsKeyframe);
    }

    [Fact]
    public void Subscribe_VideoBeforeAnyKeyframe_ReceivesOnlyLaterFrames()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        track.Publish(Video(0));
        track.Publish(Video(1));

        using var subscription = track.Subscribe();
        track.Publish(Video(2));

        Assert.Equal([2L], Drain(subscription).Select(f => f.Timestamp));
    }

    [Fact]
    public void Subscribe_AudioTrack_ReceivesNothingFromBefore()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        track.Publish(Audio(0));
        track.Publish(Audio(960));

        using var subscription = track.Subscribe();
        track.Publish(Audio(1920));

        Assert.Equal([1920L], Drain(subscription).Select(f => f.Timestamp));
    }

    [Fact]
    public void Publish_TwoSubscribers_EachGetsEveryFrameInOrder()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        using var first = track.Subscribe();
        using var second = track.Subscribe();

        for (var i = 0; i < 5; i++)
        {
            track.Publish(Audio(i));
        }

        Assert.Equal([0L, 1, 2, 3, 4], Drain(first).Select(f => f.Timestamp));
        Assert.Equal([0L, 1, 2, 3, 4], Drain(second).Select(f => f.Timestamp));
        Assert.Equal(5, track.PublishedFrames);
    }

    [Fact]
    public void Publish_SlowSubscriber_DropsOldestAndCountsThem()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        using var slow = track.Subscribe(capacity: 4);
        using var fast = track.Subscribe(capacity: 64);

        for (var i = 0; i < 10; i++)
        {
            track.Publish(Audio(i));
        }

        Assert.Equal([6L, 7, 8, 9], Drain(slow).Select(f => f.Timestamp));
        Assert.Equal(10, Drain(fast).Count);
        Assert.Equal(6, track.DroppedFrames);
    }

    [Fact]
    public void Complete_WithSubscribers_ReadersSeeEndAfterQueuedFrames()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        using var subscription = track.Subscribe();
        track.Publish(Audio(0));

        track.Complete();

        Assert.Equal([0L], Drain(subscription).Select(f => f.Timestamp));
        Assert.True(subscription.Reader.Completion.IsCompleted);
    }

    [Fact]
    public void Complete_VideoTrack_ForgetsCachedGop()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        track.Publish(Video(0, keyframe: true));

        track.Complete();
        using var late = track.Subscribe();

        Assert.Empty(Drain(late));
    }

    [Fact]
    public void Dispose_Subscription_StopsDeliveryAndCompletesReader()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        var subscription = track.Subscribe();
        using var other = track.Subscribe();
        track.Publish(Audio(0));

        subscription.Dispose();
        track.Publish(Audio(1));

        Assert.Equal([0L], Drain(subscription).Select(f => f.Timestamp));
        Assert.True(subscription.Reader.Completion.IsCompleted);
        Assert.Equal([0L, 1], Drain(other).Select(f => f.Timestamp));
    }

    [Fact]
    public void Dispose_Twice_NoError()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        var subscription = track.Subscribe();

        subscription.Dispose();
        subscription.Dispose();
        track.Publish(Audio(0));

        Assert.False(subscription.Reader.TryRead(out _));
    }

    [Fact]
    public void RequestKeyframe_WithHandler_RaisesKeyframeRequested()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        var requests = 0;
        track.KeyframeRequested += () => requests++;

        track.RequestKeyframe();
        track.RequestKeyframe();

        Assert.Equal(2, requests);
    }

    [Fact]
    public void RequestKeyframe_WithoutHandler_NoError()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);

        var error = Record.Exception(track.RequestKeyframe);

        Assert.Null(error);
    }

    [Fact]
    public void Subscribe_GopLongerThanCache_ReceivedFramesHaveNoGap()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        track.Publish(Video(0, keyframe: true));
        for (var i = 1; i <= 400; i++)
        {
            track.Publish(Video(i));
        }

        using var subscription = track.Subscribe(capacity: 1000);
        track.Publish(Video(401));

        var timestamps = Drain(subscription).Select(f => f.Timestamp).ToList();
        Assert.Equal(401L, timestamps[^1]);
        Assert.All(timestamps.Zip(timestamps.Skip(1)), pair => Assert.Equal(pair.First + 1, pair.Second));
    }

    [Fact]
    public void Subscribe_GopLongerThanCapacity_DoesNotStartOnAnInterframe()
    {
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        track.Publish(Video(0, keyframe: true));
        for (var i = 1; i < 10; i++)
        {
            track.Publish(Video(i));
        }

        using var subscription = track.Subscribe(capacity: 4);

        var frames = Drain(subscription);
        Assert.True(frames.Count == 0 || frames[0].IsKeyframe);
        Assert.Equal(0, track.DroppedFrames);
    }
}
