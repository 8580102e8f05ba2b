namespace LiveServer.Hls.Tests.TestKit;

/// <summary>
/// Makes the atomic write of one file fail the way a full disk does (ENOSPC): its temporary file
/// becomes a link to /dev/full. File modes would not do, as the tests may run as root.
/// </summary>
internal sealed class DiskFull : IDisposable
{
    private readonly string _link;

    private DiskFull(string path)
    {
        _link = path + ".tmp";
        File.CreateSymbolicLink(_link, "/dev/full");
    }

    /// <summary>Writes of <paramref name="path"/> fail until the result is disposed.</summary>
    public static DiskFull For(string path) => new(path);

    /// <summary>Runs <paramref name="write"/> and asserts that it failed as a write to a full disk fails.</summary>
    public static void AssertWriteFails(Action write)
    {
        var error = Record.Exception(write);
        Assert.True(error is IOException or UnauthorizedAccessException, $"Expected an IOException or UnauthorizedAccessException, got {error?.GetType().Name ?? "none"}.");
    }

    public void Dispose() => File.Delete(_link);
}
