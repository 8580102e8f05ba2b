// Reads FFmpeg's fragmented MP4 (-movflags empty_moov+default_base_moof+frag_keyframe, -frag_duration)
// from a stream as it is written: the initialization section (ftyp + moov) once, then each movie
// fragment (moof + its mdat) the moment its last byte arrives. Other top-level boxes (styp, sidx,
// mfra at the end, free) are skipped. Malformed or truncated input ends the read with an
// InvalidDataException: the caller ends that encoder, nothing else.
using System.Buffers.Binary;

namespace LiveServer.Media.Cmaf;

/// <summary>Splits a fragmented MP4 byte stream into its initialization section and fragments.</summary>
public sealed class FragmentedMp4Reader(Stream input)
{
    /// <summary>The largest top-level box accepted (a 2 s 1080p fragment is about 2 MB).</summary>
    public const int MaxBoxBytes = 64 * 1024 * 1024;

    private static readonly uint Ftyp = Mp4Box.Code("ftyp");
    private static readonly uint Moov = Mp4Box.Code("moov");
    private static readonly uint Moof = Mp4Box.Code("moof");
    private static readonly uint Mdat = Mp4Box.Code("mdat");

    /// <summary>The initialization section, once read.</summary>
    public CmafInit? Init { get; private set; }

    /// <summary>
    /// Reads the initialization section and then every fragment until the stream ends. Throws
    /// <see cref="InvalidDataException"/> for malformed input or a stream cut inside a box.
    /// </summary>
    public async IAsyncEnumerable<CmafFragment> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        byte[]? ftyp = null;
        byte[]? moof = null;
        while (await ReadBoxAsync(cancellationToken).ConfigureAwait(false) is { } box)
        {
            uint type = BinaryPrimitives.ReadUInt32BigEndian(box.AsSpan(4));
            if (Init is null)
            {
                if (type == Ftyp)
                {
                    ftyp = box;
                }
                else if (type == Moov)
                {
                    Init = CmafInit.Parse(ftyp is null ? box : [.. ftyp, .. box]);
                }
                else if (type == Moof || type == Mdat)
                {
                    throw new InvalidDataException($"'{Mp4Box.Name(type)}' came before the 'moov'.");
                }

                continue;
            }

            if (type == Moof)
            {
                moof = moof is null ? box : throw new InvalidDataException("A 'moof' followed a 'moof' without its 'mdat'.");
            }
            else if (type == Mdat)
            {
                byte[] fragment = moof is not null ? [.. moof, .. box] : throw new InvalidDataException("An 'mdat' came without its 'moof'.");
                moof = null;
                yield return CmafFragment.Parse(fragment, Init);
            }
        }

        if (moof is not null)
        {
            throw new InvalidDataException("The stream ended after a 'moof', before its 'mdat'.");
        }
    }

    /// <summary>One whole top-level box, header included; null at a clean end of the stream.</summary>
    private async Task<byte[]?> ReadBoxAsync(CancellationToken cancellationToken)
    {
        byte[] header = new byte[16];
        int got = await ReadAtLeastAsync(header.AsMemory(0, 8), cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < 8)
        {
            throw new InvalidDataException("The stream ended inside a box header.");
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(header);
        int headerLength = 8;
        if (size == 1)
        {
            if (await ReadAtLeastAsync(header.AsMemory(8, 8), cancellationToken).ConfigureAwait(false) < 8)
            {
                throw new InvalidDataException("The stream ended inside a box header.");
            }

            size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8)), long.MaxValue);
            headerLength = 16;
        }

        string name = Mp4Box.Name(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)));
        if (size < headerLength || size > MaxBoxBytes)
        {
            throw new InvalidDataException($"Top-level box '{name}' has size {size} (a live stream needs 8 to {MaxBoxBytes}).");
        }

        // The header as written: trun data offsets count from the moof's first byte.
        byte[] box = new byte[size];
        header.AsSpan(0, headerLength).CopyTo(box);
        if (await ReadAtLeastAsync(box.AsMemory(headerLength), cancellationToken).ConfigureAwait(false) < box.Length - headerLength)
        {
            throw new InvalidDataException($"The stream ended inside box '{name}'.");
        }

        return box;
    }

    private async Task<int> ReadAtLeastAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
}
