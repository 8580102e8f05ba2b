namespace LiveServer.Media.TestSources;

/// <summary>
/// When a test participant talks: periods of <paramref name="Talk"/> then <paramref name="Silence"/>,
/// repeating, with the first talk period starting <paramref name="Offset"/> after the source started
/// (before that the schedule is already running, so an offset of one talk period starts with silence).
/// </summary>
/// <param name="Talk">Length of a talk period; zero never talks.</param>
/// <param name="Silence">Length of a silent period; zero talks all the time.</param>
/// <param name="Offset">Where the schedule's first talk period starts, from the source's start.</param>
public sealed record SpeechSchedule(TimeSpan Talk, TimeSpan Silence, TimeSpan Offset)
{
    /// <summary>True when the participant talks at <paramref name="sinceStart"/> after the source started.</summary>
    public bool IsTalking(TimeSpan sinceStart)
    {
        var period = Talk + Silence;
        if (period <= TimeSpan.Zero)
        {
            return false;
        }

        var phase = (sinceStart - Offset).Ticks % period.Ticks;
        if (phase < 0)
        {
            phase += period.Ticks;
        }

        return phase < Talk.Ticks;
    }
}
