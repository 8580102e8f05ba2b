namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Polls a condition with a deadline, for assertions on what a live endpoint does.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, double seconds = 5)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
