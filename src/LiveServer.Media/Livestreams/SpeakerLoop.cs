using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Livestreams;

/// <summary>
/// The speaker detection timer of a livestream: every <see cref="Interval"/>, on a timer of its own
/// (never the compositor clock), it asks for one detector update and reports a new active speaker.
/// </summary>
public static class SpeakerLoop
{
    /// <summary>How often the audio levels are sampled for speaker detection.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs until cancelled.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="sample">One detector update at the elapsed time; the change when the floor moved.</param>
    /// <param name="changed">Told of each change, outside any lock; its exceptions are logged.</param>
    /// <param name="logger">Logs.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    public static async Task RunAsync(
        TimeProvider time, Func<TimeSpan, SpeakerChange?> sample, Action<SpeakerChange> changed, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(changed);
        var started = time.GetTimestamp();
        try
        {
            using var timer = new PeriodicTimer(Interval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (sample(time.GetElapsedTime(started)) is not { } change)
                {
                    continue;
                }

                logger.LogInformation("Active speaker is now {ParticipantId} ({Name})", change.ParticipantId, change.Name);
                try
                {
                    changed(change);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A speaker change handler failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
