namespace LiveServer.Media.Templates;

/// <summary>The last few console errors and uncaught exceptions of a page, for failure messages. Thread-safe.</summary>
internal sealed class RecentErrors
{
    private const int Capacity = 5;
    private const int MaxLength = 500;
    private readonly Queue<string> _errors = new();
    private readonly Lock _gate = new();

    /// <summary>Keeps <paramref name="error"/> (cut to 500 characters), dropping the oldest past five.</summary>
    public void Add(string error)
    {
        var text = error.Length > MaxLength ? error[..MaxLength] + "…" : error;
        lock (_gate)
        {
            _errors.Enqueue(text);
            while (_errors.Count > Capacity)
            {
                _errors.Dequeue();
            }
        }
    }

    /// <summary>The errors kept, oldest first.</summary>
    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
        {
            return [.. _errors];
        }
    }

    /// <summary>" Last console errors: a | b" or nothing.</summary>
    public string Describe()
    {
        var errors = Snapshot();
        return errors.Count == 0 ? string.Empty : " Last console errors: " + string.Join(" | ", errors);
    }
}
