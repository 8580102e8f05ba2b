using LiveServer.Domain.Participants;

namespace LiveServer.Domain.Tests.Participants;

public sealed class ParticipantTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DisposeAsync_WithTracks_StopsSourceAndCompletesTracks()
    {
        var video = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        var audio = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        using var videoSubscription = video.Subscribe();
        using var audioSubscription = audio.Subscribe();
        var stops = 0;
        var participant = new Participant("p1", "Ada", ParticipantKind.Test, Now, video, audio, () =>
        {
            stops++;
            return ValueTask.CompletedTask;
        });

        await participant.DisposeAsync();

        Assert.Equal(1, stops);
        Assert.True(videoSubscription.Reader.Completion.IsCompleted);
        Assert.True(audioSubscription.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task DisposeAsync_Twice_StopsSourceOnce()
    {
        var stops = 0;
        var participant = new Participant("p1", "Ada", ParticipantKind.WebRtc, Now, null, null, () =>
        {
            stops++;
            return ValueTask.CompletedTask;
        });

        await participant.DisposeAsync();
        await participant.DisposeAsync();

        Assert.Equal(1, stops);
    }

    [Fact]
    public async Task DisposeAsync_SourceStopThrows_TracksStillCompleted()
    {
        var video = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        using var subscription = video.Subscribe();
        var participant = new Participant("p1", "Ada", ParticipantKind.Test, Now, video, null,
            () => ValueTask.FromException(new InvalidOperationException("stop failed")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => participant.DisposeAsync().AsTask());

        Assert.True(subscription.Reader.Completion.IsCompleted);
    }

    [Fact]
    public void Constructor_Values_Exposed()
    {
        var audio = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);

        var participant = new Participant("p1", "Ada", ParticipantKind.WebRtc, Now, null, audio, () => ValueTask.CompletedTask);

        Assert.Equal(("p1", "Ada", ParticipantKind.WebRtc, Now), (participant.Id, participant.Name, participant.Kind, participant.JoinedAt));
        Assert.Null(participant.Video);
        Assert.Same(audio, participant.Audio);
    }
}
