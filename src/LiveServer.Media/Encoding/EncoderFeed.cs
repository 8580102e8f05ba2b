using System.Threading.Channels;

namespace LiveServer.Media.Encoding;

/// <summary>
/// The bounded hand-over from the compositor clock to the encoder's writers: a fixed pool of video
/// frame buffers and of audio chunk buffers circulates between them, so nothing is allocated per
/// frame. When the encoder falls behind, renting waits: the clock slows down instead of dropping
/// frames, which keeps the raw streams' frame and sample counts (their timestamps) in step.
/// </summary>
public sealed class EncoderFeed
{
    private readonly Channel<byte[]> _freeVideo;
    private readonly Channel<byte[]> _video;
    private readonly Channel<byte[]> _freeAudio;
    private readonly Channel<AudioChunk> _audio;
    private readonly bool _hasVideo;
    private long _ticksTaken;

    /// <summary>Creates the pools.</summary>
    /// <param name="videoFrameBytes">Bytes of one I420 frame; 0 for audio-only.</param>
    /// <param name="maxAudioChunkBytes">Bytes of the largest audio chunk.</param>
    /// <param name="videoFrames">Video frames that may wait for the encoder.</param>
    /// <param name="audioChunks">Audio chunks that may wait for the encoder.</param>
    public EncoderFeed(int videoFrameBytes, int maxAudioChunkBytes, int videoFrames = 8, int audioChunks = 200)
    {
        _freeVideo = Channel.CreateBounded<byte[]>(videoFrames);
        _video = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(videoFrames) { SingleReader = true, SingleWriter = true });
        _freeAudio = Channel.CreateBounded<byte[]>(audioChunks);
        _audio = Channel.CreateBounded<AudioChunk>(new BoundedChannelOptions(audioChunks) { SingleReader = true, SingleWriter = true });
        _hasVideo = videoFrameBytes > 0;
        for (var i = 0; videoFrameBytes > 0 && i < videoFrames; i++)
        {
            _freeVideo.Writer.TryWrite(new byte[videoFrameBytes]);
        }

        for (var i = 0; i < audioChunks; i++)
        {
            _freeAudio.Writer.TryWrite(new byte[maxAudioChunkBytes]);
        }
    }

    /// <summary>Video frames waiting for the encoder.</summary>
    public ChannelReader<byte[]> Video => _video.Reader;

    /// <summary>Audio chunks waiting for the encoder.</summary>
    public ChannelReader<AudioChunk> Audio => _audio.Reader;

    /// <summary>
    /// Ticks the encoders have taken so far (video frames, or audio chunks when there is no video),
    /// counted as their buffers come back: an encoder started now reads tick number <c>TicksTaken</c> first.
    /// </summary>
    public long TicksTaken => Interlocked.Read(ref _ticksTaken);

    /// <summary>Takes a free frame buffer; waits while the encoder is behind.</summary>
    public ValueTask<byte[]> RentVideoAsync(CancellationToken cancellationToken) =>
        _freeVideo.Reader.ReadAsync(cancellationToken);

    /// <summary>Queues a rendered frame for the encoder.</summary>
    public ValueTask SubmitVideoAsync(byte[] frame, CancellationToken cancellationToken) =>
        _video.Writer.WriteAsync(frame, cancellationToken);

    /// <summary>Gives a frame buffer back after it was written to the encoder.</summary>
    public void ReturnVideo(byte[] frame)
    {
        Interlocked.Increment(ref _ticksTaken);
        _freeVideo.Writer.TryWrite(frame);
    }

    /// <summary>Takes a free audio buffer; waits while the encoder is behind.</summary>
    public ValueTask<byte[]> RentAudioAsync(CancellationToken cancellationToken) =>
        _freeAudio.Reader.ReadAsync(cancellationToken);

    /// <summary>Queues a mixed audio chunk for the encoder.</summary>
    public ValueTask SubmitAudioAsync(AudioChunk chunk, CancellationToken cancellationToken) =>
        _audio.Writer.WriteAsync(chunk, cancellationToken);

    /// <summary>Gives an audio buffer back after it was written to the encoder.</summary>
    public void ReturnAudio(byte[] buffer)
    {
        if (!_hasVideo)
        {
            Interlocked.Increment(ref _ticksTaken);
        }

        _freeAudio.Writer.TryWrite(buffer);
    }

    /// <summary>No more input: the writers drain what is queued and close the encoder's inputs.</summary>
    public void Complete()
    {
        _video.Writer.TryComplete();
        _audio.Writer.TryComplete();
    }
}
