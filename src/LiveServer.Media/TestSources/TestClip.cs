namespace LiveServer.Media.TestSources;

/// <summary>
/// A test participant's encoded VP8 clip, held in memory. Frames are appended while the clip is read
/// from the cache or encoded, and can be replayed from the first one on; once complete the clip loops.
/// Its first frame is a keyframe and its length a whole number of keyframe intervals, so every loop
/// starts on a keyframe. Thread-safe: one filler, any number of readers.
/// </summary>
public sealed class TestClip
{
    private readonly List<byte[]> _frames = [];
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Frames appended so far.</summary>
    public int Count
    {
        get
        {
            lock (_frames)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>Completes when no more frames will be added (the clip is whole, or its filling failed or was cancelled).</summary>
    public Task Completed => _completed.Task;

    /// <summary>Appends the next frame.</summary>
    public void Add(byte[] frame)
    {
        lock (_frames)
        {
            if (_completed.Task.IsCompleted)
            {
                throw new InvalidOperationException("The clip is complete.");
            }

            _frames.Add(frame);
        }
    }

    /// <summary>Marks the clip complete; it loops from then on. Idempotent.</summary>
    public void Complete()
    {
        lock (_frames)
        {
            _completed.TrySetResult();
        }
    }

    /// <summary>
    /// The frame to play as the <paramref name="number"/>th frame since replay started (0-based), wrapping
    /// once the clip is complete; false while that frame is not there yet, or for a complete empty clip.
    /// </summary>
    public bool TryGet(long number, out byte[] frame)
    {
        lock (_frames)
        {
            var count = _frames.Count;
            if (_completed.Task.IsCompleted && count > 0)
            {
                frame = _frames[(int)(number % count)];
                return true;
            }

            if (number < count)
            {
                frame = _frames[(int)number];
                return true;
            }

            frame = [];
            return false;
        }
    }
}
