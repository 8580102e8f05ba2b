namespace LiveServer.Media.Templates;

/// <summary>
/// The rows of an alpha plane cut into runs of what drawing must do: skip (alpha 0), copy (alpha 255)
/// or blend (anything between). Runs shorter than <see cref="MinimumRun"/> pixels join a blend run
/// (blending is exact at 0 and 255), so a ragged edge does not cost a run per pixel. Two ints a run:
/// start · 4 + kind, then length. Reused across images of one size, so refilling allocates only
/// when a page has more runs than before.
/// </summary>
internal sealed class AlphaRuns
{
    /// <summary>What a run asks for.</summary>
    public const int Skip = 0, Copy = 1, Blend = 2;

    private const int MinimumRun = 16;
    private int[] _runs = new int[256];
    private int[] _rowStarts = [];
    private int _count;

    /// <summary>The number of rows.</summary>
    public int Rows { get; private set; }

    /// <summary>Total runs that are not skips (what drawing touches).</summary>
    public int DrawnRuns { get; private set; }

    /// <summary>Cuts every row of <paramref name="alpha"/> (<paramref name="width"/> bytes a row) into runs.</summary>
    public void Build(ReadOnlySpan<byte> alpha, int width, int rows)
    {
        if (_rowStarts.Length != rows + 1)
        {
            _rowStarts = new int[rows + 1];
        }

        Rows = rows;
        _count = 0;
        DrawnRuns = 0;
        for (var row = 0; row < rows; row++)
        {
            _rowStarts[row] = _count;
            AddRow(alpha.Slice(row * width, width));
        }

        _rowStarts[rows] = _count;
    }

    /// <summary>The runs of <paramref name="row"/>, as (start · 4 + kind, length) pairs.</summary>
    public ReadOnlySpan<int> Row(int row) => _runs.AsSpan(_rowStarts[row] * 2, (_rowStarts[row + 1] - _rowStarts[row]) * 2);

    private static int KindOf(byte alpha) => alpha switch
    {
        0 => Skip,
        255 => Copy,
        _ => Blend,
    };

    /// <summary>Where the run of <paramref name="kind"/> starting at 0 ends (vectorised searches).</summary>
    private static int RunLength(ReadOnlySpan<byte> alpha, int kind)
    {
        var end = kind switch
        {
            Skip => alpha.IndexOfAnyExcept((byte)0),
            Copy => alpha.IndexOfAnyExcept((byte)255),
            _ => alpha.IndexOfAny((byte)0, (byte)255),
        };
        return end < 0 ? alpha.Length : end;
    }

    private void AddRow(ReadOnlySpan<byte> alpha)
    {
        var first = _count;
        var start = 0;
        while (start < alpha.Length)
        {
            var kind = KindOf(alpha[start]);
            var end = start + RunLength(alpha[start..], kind);

            // A short run between others is blended, and joins a blend run before it.
            if (end - start < MinimumRun && (start > 0 || end < alpha.Length))
            {
                kind = Blend;
            }

            if (_count > first && (_runs[(_count - 1) * 2] & 3) == kind)
            {
                _runs[((_count - 1) * 2) + 1] += end - start;
            }
            else
            {
                Append(start, end - start, kind);
            }

            start = end;
        }

        for (var i = first; i < _count; i++)
        {
            DrawnRuns += (_runs[i * 2] & 3) == Skip ? 0 : 1;
        }
    }

    private void Append(int start, int length, int kind)
    {
        if ((_count + 1) * 2 > _runs.Length)
        {
            Array.Resize(ref _runs, _runs.Length * 2);
        }

        _runs[_count * 2] = (start << 2) | kind;
        _runs[(_count * 2) + 1] = length;
        _count++;
    }
}
