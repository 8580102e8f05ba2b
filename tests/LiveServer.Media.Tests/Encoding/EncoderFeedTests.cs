using LiveServer.Media.Encoding;

namespace LiveServer.Media.Tests.Encoding;

public sealed class EncoderFeedTests
{
    [Fact]
    public async Task RentVideoAsync_PoolOfTwo_TwoDistinctBuffersThenWaits()
    {
        var feed = new EncoderFeed(videoFrameBytes: 100, maxAudioChunkBytes: 10, videoFrames: 2, audioChunks: 2);

        var first = await feed.RentVideoAsync(CancellationToken.None);
        var second = await feed.RentVideoAsync(CancellationToken.None);
        var third = feed.RentVideoAsync(CancellationToken.None);

        Assert.Equal(100, first.Length);
        Assert.Equal(100, second.Length);
        Assert.NotSame(first, second);
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task ReturnVideo_WhileRenterWaits_RenterGetsThatBuffer()
    {
        var feed = new EncoderFeed(100, 10, videoFrames: 1, audioChunks: 1);
        var frame = await feed.RentVideoAsync(CancellationToken.None);
        var waiting = feed.RentVideoAsync(CancellationToken.None);

        await feed.SubmitVideoAsync(frame, CancellationToken.None);
        Assert.True(feed.Video.TryRead(out var queued));
        feed.ReturnVideo(queued);

        Assert.Same(frame, queued);
        Assert.Same(frame, await waiting);
    }

    [Fact]
    public async Task SubmitVideoAsync_Frames_ReadInOrder()
    {
        var feed = new EncoderFeed(16, 10, videoFrames: 3, audioChunks: 1);
        var frames = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            var frame = await feed.RentVideoAsync(CancellationToken.None);
            frame[0] = (byte)i;
            frames.Add(frame);
            await feed.SubmitVideoAsync(frame, CancellationToken.None);
        }

        var read = new List<byte[]>();
        while (feed.Video.TryRead(out var frame))
        {
            read.Add(frame);
        }

        Assert.Equal(frames, read);
        Assert.Equal([0, 1, 2], read.Select(f => (int)f[0]));
    }

    [Fact]
    public async Task SubmitAudioAsync_Chunk_ReadWithItsLengthAndReturned()
    {
        var feed = new EncoderFeed(0, maxAudioChunkBytes: 6404, videoFrames: 1, audioChunks: 1);
        var buffer = await feed.RentAudioAsync(CancellationToken.None);
        var waiting = feed.RentAudioAsync(CancellationToken.None);

        await feed.SubmitAudioAsync(new AudioChunk(buffer, 3840), CancellationToken.None);
        Assert.True(feed.Audio.TryRead(out var chunk));
        feed.ReturnAudio(chunk.Buffer);

        Assert.Equal(6404, buffer.Length);
        Assert.Same(buffer, chunk.Buffer);
        Assert.Equal(3840, chunk.Length);
        Assert.Same(buffer, await waiting);
    }

    [Fact]
    public void RentVideoAsync_AudioOnlyFeed_NoVideoBuffers()
    {
        var feed = new EncoderFeed(videoFrameBytes: 0, maxAudioChunkBytes: 100);

        var rent = feed.RentVideoAsync(CancellationToken.None);

        Assert.False(rent.IsCompleted);
    }

    [Fact]
    public async Task RentVideoAsync_Cancelled_Throws()
    {
        var feed = new EncoderFeed(0, 100);
        using var cancellation = new CancellationTokenSource();
        var rent = feed.RentVideoAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rent);
    }

    [Fact]
    public async Task Complete_WithQueuedItems_ReadersDrainThenEnd()
    {
        var feed = new EncoderFeed(16, 16, videoFrames: 2, audioChunks: 2);
        var frame = await feed.RentVideoAsync(CancellationToken.None);
        await feed.SubmitVideoAsync(frame, CancellationToken.None);
        var audio = await feed.RentAudioAsync(CancellationToken.None);
        await feed.SubmitAudioAsync(new AudioChunk(audio, 16), CancellationToken.None);

        feed.Complete();

        Assert.False(feed.Video.Completion.IsCompleted);
        Assert.True(feed.Video.TryRead(out _));
        Assert.True(feed.Audio.TryRead(out _));
        Assert.True(feed.Video.Completion.IsCompleted);
        Assert.True(feed.Audio.Completion.IsCompleted);
        Assert.False(await feed.Video.WaitToReadAsync(CancellationToken.None));
        Assert.False(await feed.Audio.WaitToReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SubmitVideoAsync_AfterComplete_Throws()
    {
        var feed = new EncoderFeed(16, 16, videoFrames: 1, audioChunks: 1);
        var frame = await feed.RentVideoAsync(CancellationToken.None);

        feed.Complete();

        await Assert.ThrowsAsync<System.Threading.Channels.ChannelClosedException>(
            () => feed.SubmitVideoAsync(frame, CancellationToken.None).AsTask());
    }
}
