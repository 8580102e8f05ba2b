using LiveServer.Domain.Participants;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Decoding;

/// <summary>
/// Reports the frames a decoder's subscription dropped because the decoder fell behind: one warning
/// when the first drop is seen, the total once when the decoder ends, never a line per frame.
/// </summary>
internal sealed class DropReport(TrackSubscription subscription, string what, ILogger logger)
{
    private bool _warned;

    /// <summary>Call after each frame read; cheap.</summary>
    public void Check()
    {
        if (!_warned && subscription.Dropped > 0)
        {
            _warned = true;
            logger.LogWarning("The {What} decoder fell behind its track and drops the oldest frames; the total is logged when it ends", what);
        }
    }

    /// <summary>Call once at the end.</summary>
    public void Finish()
    {
        if (subscription.Dropped is var dropped and > 0)
        {
            logger.LogWarning("The {What} decoder dropped {Dropped} frames in total because it fell behind", what, dropped);
        }
    }
}
