// ISO/IEC 14496-12 section 8.8: a movie fragment is moof (mfhd, a traf per track: tfhd, tfdt, trun)
// followed by its mdat. The lead track's (video, else audio) tfdt baseMediaDecodeTime is the
// fragment's start, the sum of its trun sample durations its length, and its first sample's flags
// (trun first_sample_flags, else per-sample flags, else the tfhd or trex default) tell whether the
// fragment starts with a sync sample: sample_is_non_sync_sample is bit 16 of the flags (8.8.3.1).
using System.Buffers.Binary;

namespace LiveServer.Media.Cmaf;

/// <summary>One movie fragment (moof + mdat) of a CMAF track file: an LL-HLS part.</summary>
/// <param name="Bytes">moof and mdat as written.</param>
/// <param name="Start">The lead track's decode time of the first sample, in its timescale.</param>
/// <param name="Duration">The lead track's samples' total duration, in its timescale.</param>
/// <param name="Timescale">Units per second of <paramref name="Start"/> and <paramref name="Duration"/>.</param>
/// <param name="Independent">True when the lead track starts with a sync sample (a keyframe; every audio fragment).</param>
public sealed record CmafFragment(byte[] Bytes, ulong Start, ulong Duration, uint Timescale, bool Independent)
{
    private const uint NonSyncSample = 0x0001_0000;

    // About three years: far beyond any livestream, far below TimeSpan's range.
    private const double MaxSeconds = 1e8;

    /// <summary>The start as time since the encoder's first sample.</summary>
    public TimeSpan StartTime => TimeSpan.FromSeconds((double)Start / Timescale);

    /// <summary>The length as time.</summary>
    public TimeSpan DurationTime => TimeSpan.FromSeconds((double)Duration / Timescale);

    /// <summary>
    /// Reads the lead track's timing from a fragment's moof + mdat; throws
    /// <see cref="InvalidDataException"/> when the moof lacks the lead track or is malformed.
    /// </summary>
    public static CmafFragment Parse(byte[] bytes, CmafInit init)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(init);
        ReadOnlySpan<byte> data = bytes;
        Mp4Box moof = Mp4Box.Read(data, 0, data.Length);
        if (moof.Type != Mp4Box.Code("moof"))
        {
            throw new InvalidDataException($"A fragment starts with '{Mp4Box.Name(moof.Type)}', not 'moof'.");
        }

        CmafTrack lead = init.LeadTrack;
        foreach (Mp4Box traf in Mp4Box.FindAll(data, moof, Mp4Box.Code("traf")))
        {
            Mp4Box tfhd = Mp4Box.Require(data, traf, "tfhd");
            (_, uint tfhdFlags, int at) = Mp4Box.FullBox(data, tfhd);
            Mp4Box.Need(tfhd, at, 4);
            if (BinaryPrimitives.ReadUInt32BigEndian(data[at..]) != lead.TrackId)
            {
                continue;
            }

            (uint defaultDuration, uint defaultFlags) = TrackFragmentDefaults(data, tfhd, tfhdFlags, at + 4, lead);
            ulong start = DecodeTime(data, Mp4Box.Require(data, traf, "tfdt"));
            (ulong duration, uint firstFlags) = Runs(data, traf, defaultDuration, defaultFlags);
            bool independent = !lead.IsVideo || (firstFlags & NonSyncSample) == 0;
            if ((start + (double)duration) / lead.Timescale > MaxSeconds)
            {
                throw new InvalidDataException($"A fragment's times ({start} + {duration} at {lead.Timescale}/s) are beyond any livestream.");
            }

            return new CmafFragment(bytes, start, duration, lead.Timescale, independent);
        }

        throw new InvalidDataException($"A fragment has no samples of track {lead.TrackId}.");
    }

    private static (uint Duration, uint Flags) TrackFragmentDefaults(ReadOnlySpan<byte> data, Mp4Box tfhd, uint flags, int at, CmafTrack track)
    {
        uint duration = track.DefaultSampleDuration;
        uint sampleFlags = track.DefaultSampleFlags;
        at += (flags & 0x01) != 0 ? 8 : 0; // base_data_offset
        at += (flags & 0x02) != 0 ? 4 : 0; // sample_description_index
        if ((flags & 0x08) != 0)
        {
            Mp4Box.Need(tfhd, at, 4);
            duration = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            at += 4;
        }

        at += (flags & 0x10) != 0 ? 4 : 0; // default_sample_size
        if ((flags & 0x20) != 0)
        {
            Mp4Box.Need(tfhd, at, 4);
            sampleFlags = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        }

        return (duration, sampleFlags);
    }

    private static ulong DecodeTime(ReadOnlySpan<byte> data, Mp4Box tfdt)
    {
        (byte version, _, int at) = Mp4Box.FullBox(data, tfdt);
        Mp4Box.Need(tfdt, at, version == 1 ? 8 : 4);
        return version == 1 ? BinaryPrimitives.ReadUInt64BigEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
    }

    /// <summary>The total duration of every trun in the traf and the flags of the traf's first sample.</summary>
    private static (ulong Duration, uint FirstFlags) Runs(ReadOnlySpan<byte> data, Mp4Box traf, uint defaultDuration, uint defaultFlags)
    {
        ulong total = 0;
        uint? first = null;
        foreach (Mp4Box trun in Mp4Box.FindAll(data, traf, Mp4Box.Code("trun")))
        {
            (_, uint flags, int at) = Mp4Box.FullBox(data, trun);
            Mp4Box.Need(trun, at, 4);
            uint count = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            at += 4 + ((flags & 0x001) != 0 ? 4 : 0); // data_offset
            uint? firstSampleFlags = null;
            if ((flags & 0x004) != 0)
            {
                Mp4Box.Need(trun, at, 4);
                firstSampleFlags = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
                at += 4;
            }

            bool hasDuration = (flags & 0x100) != 0;
            bool hasFlags = (flags & 0x400) != 0;
            int perSample = (hasDuration ? 4 : 0) + ((flags & 0x200) != 0 ? 4 : 0) + (hasFlags ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
            Mp4Box.Need(trun, at, (long)count * perSample);
            if (perSample == 0)
            {
                // Every sample takes the defaults: no need to walk them (a count can be four billion).
                total += (ulong)count * defaultDuration;
                first ??= count > 0 ? firstSampleFlags ?? defaultFlags : null;
                continue;
            }

            for (uint i = 0; i < count; i++, at += perSample)
            {
                total += hasDuration ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : defaultDuration;
                if (first is null)
                {
                    int flagsAt = at + (hasDuration ? 4 : 0) + ((flags & 0x200) != 0 ? 4 : 0);
                    first = firstSampleFlags ?? (hasFlags ? BinaryPrimitives.ReadUInt32BigEndian(data[flagsAt..]) : defaultFlags);
                }
            }
        }

        return first is { } flagsOfFirst ? (total, flagsOfFirst) : throw new InvalidDataException("A track fragment has no samples.");
    }
}
