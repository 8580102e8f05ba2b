using LiveServer.Hls.Origin;
using LiveServer.Hls.Tests.TestKit;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>Atomic file replacement: write a temporary file, then rename it over the old one.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_Twice_SecondContentAndNoTemporaryFileLeft()
    {
        var path = _temp.PathOf("720p.m3u8");

        AtomicFile.Write(path, "#EXTM3U\nfirst\n");
        AtomicFile.Write(path, "#EXTM3U\n");

        Assert.Equal("#EXTM3U\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Folder));
    }

    [Fact]
    public void Write_Text_Utf8WithoutByteOrderMark()
    {
        var path = _temp.PathOf("index.m3u8");

        AtomicFile.Write(path, "#EXTM3U\n");

        Assert.Equal("#EXTM3U\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_DiskFull_OldContentKept()
    {
        var path = _temp.PathOf("720p.m3u8");
        AtomicFile.Write(path, "old\n");

        using (DiskFull.For(path))
        {
            DiskFull.AssertWriteFails(() => AtomicFile.Write(path, "new\n"));
        }

        Assert.Equal("old\n", File.ReadAllText(path));
    }
}
