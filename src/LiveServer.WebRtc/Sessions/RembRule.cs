// The bitrate a session announces in REMB (draft-alvestrand-rmcat-remb): without transport-cc the
// sender paces itself by this figure, so it is a loss-based rule (in the spirit of the loss-based
// controller of draft-ietf-rmcat-gcc section 6): the configured ceiling while video loss stays under
// 10 %; above that, 85 % of what actually arrived (never below 300 kbit/s); under 2 % loss, back up
// by 8 % a second.
namespace LiveServer.WebRtc.Sessions;

/// <summary>The REMB estimate of one session, updated once per receiver report.</summary>
/// <param name="ceiling">The most ever announced (bits per second).</param>
internal sealed class RembRule(long ceiling)
{
    private const long MinBitrate = 300_000;

    /// <summary>The current estimate in bits per second; 0 before the first update.</summary>
    public long Estimate { get; private set; }

    /// <summary>Updates the estimate from one report interval.</summary>
    /// <param name="worstFractionLost">The highest RFC 3550 fraction lost (0..255) of the interval's report blocks.</param>
    /// <param name="videoBytes">Video bytes received in the interval.</param>
    /// <param name="seconds">The interval's length.</param>
    /// <returns>The new estimate.</returns>
    public long Update(int worstFractionLost, long videoBytes, double seconds)
    {
        if (Estimate == 0)
        {
            Estimate = ceiling;
        }
        else if (worstFractionLost > 256 / 10)
        {
            long received = (long)(videoBytes * 8 / seconds);
            Estimate = Math.Max(MinBitrate, (long)(Math.Min(Estimate, received) * 0.85));
        }
        else if (worstFractionLost < 256 / 50)
        {
            Estimate = Math.Min(ceiling, (long)(Estimate * Math.Pow(1.08, seconds)));
        }

        return Estimate;
    }
}
