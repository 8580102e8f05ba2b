using LiveServer.Domain.Livestreams;

namespace LiveServer.Domain.Tests.Livestreams;

public sealed class LivestreamTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static Livestream NewLivestream() => new("ls-1", "room-1", LivestreamConfig.Default, T0);

    [Fact]
    public void Constructor_NewLivestream_StartsActiveWithoutEnd()
    {
        var livestream = NewLivestream();

        Assert.Equal(LivestreamStatus.Starting, livestream.Status);
        Assert.True(livestream.IsActive);
        Assert.Null(livestream.End);
        Assert.Null(livestream.FailureReason);
        Assert.Equal("/hls/ls-1/index.m3u8", livestream.PlaybackHlsPath);
        Assert.Equal("/hls/ls-1/live.m3u8", livestream.LivestreamPath);
    }

    [Fact]
    public void TryMove_HappyPath_EndSetOnlyAtStopped()
    {
        var livestream = NewLivestream();

        Assert.True(livestream.TryMove(LivestreamStatus.Started, T0.AddSeconds(1)));
        Assert.Null(livestream.End);
        Assert.True(livestream.TryMove(LivestreamStatus.Playable, T0.AddSeconds(2)));
        Assert.Null(livestream.End);
        Assert.True(livestream.TryMove(LivestreamStatus.Stopping, T0.AddSeconds(3)));
        Assert.Null(livestream.End);
        Assert.True(livestream.IsActive);
        Assert.True(livestream.TryMove(LivestreamStatus.Stopped, T0.AddSeconds(4)));

        Assert.Equal(LivestreamStatus.Stopped, livestream.Status);
        Assert.Equal(T0.AddSeconds(4), livestream.End);
        Assert.False(livestream.IsActive);
        Assert.Null(livestream.FailureReason);
    }

    [Fact]
    public void TryMove_ToFailed_SetsEndAndKeepsReason()
    {
        var livestream = NewLivestream();
        livestream.TryMove(LivestreamStatus.Started, T0.AddSeconds(1));

        Assert.True(livestream.TryMove(LivestreamStatus.Failed, T0.AddSeconds(9), "encoder exited with code 1"));

        Assert.Equal(LivestreamStatus.Failed, livestream.Status);
        Assert.Equal(T0.AddSeconds(9), livestream.End);
        Assert.Equal("encoder exited with code 1", livestream.FailureReason);
        Assert.False(livestream.IsActive);
    }

    [Fact]
    public void TryMove_ReasonGivenForNonFailedState_ReasonNotKept()
    {
        var livestream = NewLivestream();

        Assert.True(livestream.TryMove(LivestreamStatus.Started, T0, "not a failure"));
        Assert.True(livestream.TryMove(LivestreamStatus.Stopping, T0, "still not a failure"));
        Assert.True(livestream.TryMove(LivestreamStatus.Stopped, T0, "done"));

        Assert.Null(livestream.FailureReason);
    }

    [Fact]
    public void TryMove_ForbiddenMove_ReturnsFalseAndChangesNothing()
    {
        var livestream = NewLivestream();

        Assert.False(livestream.TryMove(LivestreamStatus.Playable, T0.AddSeconds(1)));
        Assert.False(livestream.TryMove(LivestreamStatus.Stopped, T0.AddSeconds(2)));

        Assert.Equal(LivestreamStatus.Starting, livestream.Status);
        Assert.Null(livestream.End);
        Assert.Null(livestream.FailureReason);
    }

    [Fact]
    public void TryMove_AfterStopped_RefusedAndEndUnchanged()
    {
        var livestream = NewLivestream();
        livestream.TryMove(LivestreamStatus.Stopping, T0.AddSeconds(1));
        livestream.TryMove(LivestreamStatus.Stopped, T0.AddSeconds(2));

        Assert.False(livestream.TryMove(LivestreamStatus.Failed, T0.AddSeconds(3), "late failure"));

        Assert.Equal(LivestreamStatus.Stopped, livestream.Status);
        Assert.Equal(T0.AddSeconds(2), livestream.End);
        Assert.Null(livestream.FailureReason);
    }

    [Fact]
    public void TryMove_AfterFailed_RefusedAndReasonUnchanged()
    {
        var livestream = NewLivestream();
        livestream.TryMove(LivestreamStatus.Failed, T0.AddSeconds(1), "first");

        Assert.False(livestream.TryMove(LivestreamStatus.Failed, T0.AddSeconds(2), "second"));
        Assert.False(livestream.TryMove(LivestreamStatus.Stopping, T0.AddSeconds(3)));

        Assert.Equal("first", livestream.FailureReason);
        Assert.Equal(T0.AddSeconds(1), livestream.End);
    }
}
