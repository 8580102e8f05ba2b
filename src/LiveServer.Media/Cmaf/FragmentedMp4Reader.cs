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
        while (await ReadBoxAsync(moof, cancellationToken).ConfigureAwait(false) is var (type, box))
        {
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
                // box is moof + mdat already (ReadBoxAsync put the pending moof in front).
                _ = moof ?? throw new InvalidDataException("An 'mdat' came without its 'moof'.");
                moof = null;
                yield return CmafFragment.Parse(box, Init);
            }
        }

        if (moof is not null)
        {
            throw new InvalidDataException("The stream ended after a 'moof', before its 'mdat'.");
        }
    }

    /// <summary>
    /// The next whole top-level box, header included, and its type; null at a clean end of the stream.
    /// An mdat that follows <paramref name="moof"/> comes back with the moof in front of it, so a
    /// fragment's bytes are copied once.
    /// </summary>
    private async Task<(uint Type, byte[] Bytes)?> ReadBoxAsync(byte[]? moof, CancellationToken cancellationToken)
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
        uint type = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
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

        if (size < headerLength || size > MaxBoxBytes)
        {
            throw new InvalidDataException($"Top-level box '{Mp4Box.Name(type)}' has size {size} (a live stream needs 8 to {MaxBoxBytes}).");
        }

        // The header as written: trun data offsets count from the moof's first byte.
        byte[] prefix = type == Mdat && moof is not null ? moof : [];
        byte[] bytes = new byte[prefix.Length + size];
        prefix.CopyTo(bytes, 0);
        header.AsSpan(0, headerLength).CopyTo(bytes.AsSpan(prefix.Length));
        var payload = bytes.AsMemory(prefix.Length + headerLength);
        if (await ReadAtLeastAsync(payload, cancellationToken).ConfigureAwait(false) < payload.Length)
        {
            throw new InvalidDataException($"The stream ended inside box '{Mp4Box.Name(type)}'.");
        }

        return (type, bytes);
    }

    private async Task<int> ReadAtLeastAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
}
