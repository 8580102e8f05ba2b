namespace LiveServer.Api.Tests;

/// <summary>Waits for something pushed asynchronously (SignalR events, timers): polls every 50 ms for up to 10 s, then asserts it.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
