using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>
/// The SRTP receive path (socket read, demux, address lookup, decrypt, route, jitter buffer,
/// depacketize, emit) allocates nothing per packet once warm. Measured on the endpoint's receive
/// thread itself, from inside the frame callback, which allocates nothing of its own.
/// </summary>
public sealed class PeerSessionAllocationTests
{
    private const int Warmup = 300;
    private const int Measured = 1000;

    [Fact]
    public async Task SteadyAudioAndVideo_ReceiveThread_DoesNotAllocatePerPacket()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        await harness.PrimeVideoAsync();
        harness.Frames.Enabled = false;
        long[] allocated = new long[Warmup + Measured + 16];
        int[] threads = new int[allocated.Length];
        int count = 0;
        harness.Session.FrameReceived += (_, _) =>
        {
            int index = Interlocked.Increment(ref count) - 1;
            if (index < allocated.Length)
            {
                allocated[index] = GC.GetAllocatedBytesForCurrentThread();
                threads[index] = Environment.CurrentManagedThreadId;
            }
        };

        for (int i = 0; i < (Warmup + Measured) / 2; i++)
        {
            harness.Browser.SendOpus(40, voice: false);
            harness.Browser.SendVp8Frame(keyframe: false, packets: 2);
            if (i % 50 == 0)
            {
                await Task.Delay(5);
            }
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref count) >= Warmup + Measured, "all frames");

        // Compare the first and last samples taken on the same thread (the receive loop; the timer may emit a few).
        int receiveThread = threads[Warmup];
        int last = Warmup + Measured - 1;
        while (threads[last] != receiveThread)
        {
            last--;
        }

        int samples = Enumerable.Range(Warmup, last - Warmup + 1).Count(i => threads[i] == receiveThread);
        Assert.True(samples > Measured / 2, $"only {samples} frames were emitted on the receive thread");
        long bytes = allocated[last] - allocated[Warmup];
        // One object per packet would be at least 24 bytes x 1500 packets; allow a few one-off growths.
        Assert.True(bytes < 8 * 1024, $"{bytes} bytes allocated on the receive thread over {samples} frames");
    }
}
