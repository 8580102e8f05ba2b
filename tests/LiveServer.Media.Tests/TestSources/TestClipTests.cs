using LiveServer.Media.TestSources;

namespace LiveServer.Media.Tests.TestSources;

public sealed class TestClipTests
{
    [Fact]
    public void TryGet_WhileFilling_OnlyFramesAlreadyThere()
    {
        var clip = new TestClip();
        clip.Add([1]);
        clip.Add([2]);

        Assert.True(clip.TryGet(1, out var frame));
        Assert.Equal([2], frame);
        Assert.False(clip.TryGet(2, out _));
    }

    [Fact]
    public void TryGet_Complete_WrapsToTheFirstFrame()
    {
        var clip = new TestClip();
        clip.Add([1]);
        clip.Add([2]);
        clip.Add([3]);
        clip.Complete();

        Assert.True(clip.TryGet(3, out var first));
        Assert.Equal([1], first);
        Assert.True(clip.TryGet(3_000_001, out var second));
        Assert.Equal([2], second);
        Assert.True(clip.Completed.IsCompleted);
    }

    [Fact]
    public void TryGet_CompleteAndEmpty_False()
    {
        var clip = new TestClip();
        clip.Complete();

        Assert.False(clip.TryGet(0, out _));
    }

    [Fact]
    public void Add_AfterComplete_Throws()
    {
        var clip = new TestClip();
        clip.Complete();

        Assert.Throws<InvalidOperationException>(() => clip.Add([1]));
    }
}
