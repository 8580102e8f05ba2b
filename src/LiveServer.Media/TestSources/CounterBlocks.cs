namespace LiveServer.Media.TestSources;

/// <summary>
/// Where the <see cref="TestPattern.Counter"/> pattern draws its bits: a grid of
/// <see cref="Columns"/> × <see cref="Rows"/> blocks over the upper two thirds of the picture (the name
/// sits below), bit 0 top left, row by row; a block is white when its bit is set, black otherwise.
/// Blocks are inset so that scaling and compression do not blur one into the next. The same geometry
/// serves the writer (FFmpeg drawbox) and readers (the centre of each block).
/// </summary>
public static class CounterBlocks
{
    /// <summary>Blocks per row.</summary>
    public const int Columns = 5;

    /// <summary>Rows of blocks.</summary>
    public const int Rows = 2;

    /// <summary>Bits drawn: indexes 0 … 2^Bits − 1.</summary>
    public const int Bits = Columns * Rows;

    /// <summary>The rectangle of bit <paramref name="bit"/> in a picture of the given size, inset by a tenth on each side.</summary>
    public static (int X, int Y, int Width, int Height) Block(int bit, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bit, Bits);
        var cellWidth = width / Columns;
        var cellHeight = height * 2 / 3 / Rows;
        var x = (bit % Columns) * cellWidth;
        var y = (bit / Columns) * cellHeight;
        return (x + (cellWidth / 10), y + (cellHeight / 10), cellWidth * 8 / 10, cellHeight * 8 / 10);
    }

    /// <summary>
    /// Reads the index from a grey (luma) picture of <paramref name="width"/> × <paramref name="height"/>
    /// whose whole area is the counter picture (scaled or not): the mean of a small square at each
    /// block's centre above mid-grey is a set bit.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> luma, int width, int height)
    {
        var index = 0;
        for (var bit = 0; bit < Bits; bit++)
        {
            var (x, y, w, h) = Block(bit, width, height);
            var centreX = x + (w / 2);
            var centreY = y + (h / 2);
            var half = Math.Max(1, Math.Min(w, h) / 6);
            long sum = 0;
            var count = 0;
            for (var row = centreY - half; row < centreY + half; row++)
            {
                for (var column = centreX - half; column < centreX + half; column++)
                {
                    sum += luma[(row * width) + column];
                    count++;
                }
            }

            if (sum / count > 128)
            {
                index |= 1 << bit;
            }
        }

        return index;
    }
}
