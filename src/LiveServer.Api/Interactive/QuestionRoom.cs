namespace LiveServer.Api.Interactive;

/// <summary>A room's questions in <see cref="QuestionService"/> (guarded by locking this object) and the gate its question events go out under.</summary>
internal sealed class QuestionRoom
{
    public Dictionary<string, QuestionState> Questions { get; } = new(StringComparer.Ordinal);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public long NextOrder { get; set; }

    /// <summary>True when some question has an upvote not pushed yet.</summary>
    public bool Changed { get; set; }
}
