namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// The test switch <see cref="WebRtcEndpointOptions.InboundRtpLossPercent"/>: decides which inbound
/// media packets to drop, from a fixed-seed xorshift64* sequence, so that a run with loss repeats.
/// </summary>
/// <param name="percent">The share to drop, 0..100.</param>
internal sealed class InboundLossSimulator(double percent)
{
    private readonly int _threshold = (int)Math.Round(percent * 10_000);
    private ulong _state = 0x9E3779B97F4A7C15;

    /// <summary>True when the next packet is to be dropped.</summary>
    public bool DropNext()
    {
        if (_threshold == 0)
        {
            return false;
        }

        ulong x = _state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        _state = x;
        return (int)((x * 0x2545F4914F6CDD1DUL >> 32) % 1_000_000) < _threshold;
    }
}
