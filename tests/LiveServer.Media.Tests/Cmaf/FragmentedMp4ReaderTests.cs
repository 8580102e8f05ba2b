using System.IO.Pipelines;
using LiveServer.Media.Cmaf;
using LiveServer.Media.Tests.TestKit;
using static LiveServer.Media.Tests.TestKit.CmafBoxes;
using static LiveServer.Media.Tests.TestKit.Mp4Boxes;

namespace LiveServer.Media.Tests.Cmaf;

/// <summary>
/// A fragmented MP4 stream split into its initialization section and fragments whatever sizes the
/// reads come in; other top-level boxes skipped; malformed, misordered or cut streams refused with
/// <see cref="InvalidDataException"/>.
/// </summary>
public sealed class FragmentedMp4ReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "mdat without moof", Concat(AudioVideoInit(), Mdat(4)) },
        { "moof after moof", Concat(AudioVideoInit(), Moof(1, VideoTraf(0)), Moof(2, VideoTraf(3072)), Mdat(4)) },
        { "moof at the end without its mdat", Concat(AudioVideoInit(), Fragment(1, 0), Moof(2, VideoTraf(3072))) },
        { "moof before moov", Concat(Ftyp(), Fragment(1, 0), AudioVideoInit()) },
        { "mdat before moov", Concat(Ftyp(), Mdat(4), AudioVideoInit()) },
        { "cut inside an mdat", Concat(AudioVideoInit(), Fragment(1, 0))[..^3] },
        { "cut inside the moov", AudioVideoInit()[..^10] },
        { "cut inside a box header", Concat(AudioVideoInit(), Fragment(1, 0), Zeros(5)) },
        { "cut inside a 64-bit size", Concat(AudioVideoInit(), U32(1), Type("mdat"), Zeros(4)) },
        { "size 0 (to the end of the file)", Concat(AudioVideoInit(), WithSize(0, "mdat", Zeros(16))) },
        { "size smaller than the header", Concat(AudioVideoInit(), WithSize(7, "free", Zeros(16))) },
        { "64-bit size smaller than its header", Concat(AudioVideoInit(), U32(1), Type("mdat"), U64(15), Zeros(16)) },
        { "box larger than MaxBoxBytes", Concat(AudioVideoInit(), WithSize(FragmentedMp4Reader.MaxBoxBytes + 1L, "mdat", Zeros(16))) },
        { "64-bit box larger than MaxBoxBytes", Concat(AudioVideoInit(), U32(1), Type("mdat"), U64(ulong.MaxValue), Zeros(16)) },
        { "moov without a track", Concat(Ftyp(), Moov()) },
        { "moof without the lead track", Concat(AudioVideoInit(), Moof(1, Traf(Tfhd(2), Tfdt(0), Trun(1, [1024]))), Mdat(1)) },
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task ReadAllAsync_SmallRandomReads_InitOnceThenEachFragmentWhole(int seed)
    {
        var init = AudioVideoInit();
        byte[][] fragments = [Fragment(1, 0, keyframe: true), Fragment(2, 3072), Fragment(3, 6144), Fragment(4, 9216, keyframe: true)];
        var stream = new TrickleStream(Concat([init, .. fragments]), seed);
        var reader = new FragmentedMp4Reader(stream);

        var read = await ReadAllAsync(reader);

        Assert.Equal(init, reader.Init!.Bytes);
        Assert.Equal(2, reader.Init.Tracks.Count);
        Assert.Equal(fragments, read.Select(f => f.Bytes));
        Assert.Equal([0ul, 3072, 6144, 9216], read.Select(f => f.Start));
        Assert.Equal([true, false, false, true], read.Select(f => f.Independent));
        Assert.True(stream.Reads > (init.Length + fragments.Sum(f => f.Length)) / 7, "the stream was read in small pieces");
    }

    [Fact]
    public async Task ReadAllAsync_UnknownTopLevelBoxes_Skipped()
    {
        var ftyp = Ftyp();
        var moov = Moov(Trak(1, "vide", VideoTimescale, Avc1()), Mvex(Trex(1, FrameTicks, NonSyncFlags)));
        var first = Fragment(1, 0, keyframe: true);
        var second = Fragment(2, 3072);
        var bytes = Concat(
            Box("free", Zeros(3)), ftyp, Box("free"), moov, Box("styp", Type("msdh")), Box("sidx", Zeros(24)),
            first, Box("free", Zeros(9)), second, Box("mfra", Box("mfro", Zeros(8))));
        var reader = new FragmentedMp4Reader(new TrickleStream(bytes, seed: 9));

        var read = await ReadAllAsync(reader);

        Assert.Equal(Concat(ftyp, moov), reader.Init!.Bytes);
        Assert.Equal([first, second], read.Select(f => f.Bytes));
    }

    [Fact]
    public async Task ReadAllAsync_MoovWithoutFtyp_InitIsTheMoov()
    {
        var moov = Moov(Trak(1, "vide", VideoTimescale, Avc1()));
        var reader = new FragmentedMp4Reader(new MemoryStream(Concat(moov, Fragment(1, 0, keyframe: true))));

        Assert.Single(await ReadAllAsync(reader));
        Assert.Equal(moov, reader.Init!.Bytes);
    }

    [Fact]
    public async Task ReadAllAsync_64BitSizedMdat_FragmentKeepsTheHeaderAsWritten()
    {
        var fragment = Concat(Moof(1, VideoTraf(0)), LargeBox("mdat", Zeros(6)));
        var reader = new FragmentedMp4Reader(new TrickleStream(Concat(AudioVideoInit(), fragment), seed: 5));

        var read = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal(fragment, read.Bytes);
    }

    [Fact]
    public async Task ReadAllAsync_EmptyStream_NothingAndNoInit()
    {
        var reader = new FragmentedMp4Reader(new MemoryStream());

        Assert.Empty(await ReadAllAsync(reader));
        Assert.Null(reader.Init);
    }

    [Fact]
    public async Task ReadAllAsync_InitOnly_InitAndNoFragments()
    {
        var reader = new FragmentedMp4Reader(new MemoryStream(AudioVideoInit()));

        Assert.Empty(await ReadAllAsync(reader));
        Assert.NotNull(reader.Init);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task ReadAllAsync_MalformedStream_InvalidData(string what, byte[] bytes)
    {
        var reader = new FragmentedMp4Reader(new TrickleStream(bytes, seed: bytes.Length));

        var error = await Record.ExceptionAsync(() => ReadAllAsync(reader));

        Assert.True(error is InvalidDataException, $"{what}: {error?.GetType().Name ?? "accepted"}");
    }

    [Fact]
    public async Task ReadAllAsync_LiveStream_EachFragmentAsSoonAsItsLastByteArrives()
    {
        var pipe = new Pipe();
        var second = Fragment(2, 3072);
        await pipe.Writer.WriteAsync(Concat(AudioVideoInit(), Fragment(1, 0, keyframe: true), second[..^1]));
        await using var fragments = new FragmentedMp4Reader(pipe.Reader.AsStream()).ReadAllAsync().GetAsyncEnumerator();

        Assert.True(await fragments.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(0ul, fragments.Current.Start);
        var next = fragments.MoveNextAsync().AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted, "a fragment came out before its last byte");

        await pipe.Writer.WriteAsync(second.AsMemory()[^1..]);
        Assert.True(await next.WaitAsync(Timeout));
        Assert.Equal(second, fragments.Current.Bytes);
        await pipe.Writer.CompleteAsync();
        Assert.False(await fragments.MoveNextAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReadAllAsync_Cancelled_Stops()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(AudioVideoInit());
        using var cancel = new CancellationTokenSource();
        var reading = ReadAllAsync(new FragmentedMp4Reader(pipe.Reader.AsStream()), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));
    }

    private static byte[] Fragment(uint sequence, ulong start, bool keyframe = false) => Concat(Moof(sequence, VideoTraf(start, keyframe: keyframe)), Mdat(6));

    private static async Task<List<CmafFragment>> ReadAllAsync(FragmentedMp4Reader reader, CancellationToken cancellationToken = default)
    {
        var fragments = new List<CmafFragment>();
        await foreach (var fragment in reader.ReadAllAsync(cancellationToken))
        {
            fragments.Add(fragment);
        }

        return fragments;
    }
}
