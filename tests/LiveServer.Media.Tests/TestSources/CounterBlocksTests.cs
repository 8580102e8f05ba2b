using LiveServer.Media.TestSources;

namespace LiveServer.Media.Tests.TestSources;

public sealed class CounterBlocksTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(299)]
    [InlineData(1023)]
    public void Read_BlocksPaintedForAnIndex_ThatIndex(int index)
    {
        const int width = 320;
        const int height = 180;
        var luma = new byte[width * height];
        for (var bit = 0; bit < CounterBlocks.Bits; bit++)
        {
            if ((index & (1 << bit)) == 0)
            {
                continue;
            }

            var (x, y, w, h) = CounterBlocks.Block(bit, width, height);
            for (var row = y; row < y + h; row++)
            {
                luma.AsSpan((row * width) + x, w).Fill(235);
            }
        }

        Assert.Equal(index, CounterBlocks.Read(luma, width, height));
    }

    [Fact]
    public void Block_AllBits_InsideTheUpperTwoThirdsAndApart()
    {
        var blocks = Enumerable.Range(0, CounterBlocks.Bits).Select(b => CounterBlocks.Block(b, 1280, 720)).ToList();

        Assert.All(blocks, b => Assert.True(b.Y + b.Height <= 480 && b.X + b.Width <= 1280));
        Assert.True(blocks[1].X > blocks[0].X + blocks[0].Width);
        Assert.True(blocks[5].Y > blocks[0].Y + blocks[0].Height);
    }
}
