namespace LiveServer.Media.Codecs;

/// <summary>
/// The picture size from an H.264 sequence parameter set (ITU-T H.264 section 7.3.2.1.1), found in an
/// Annex B access unit (start codes 00 00 01 / 00 00 00 01). Reads what the size depends on: profile
/// (for chroma format), scaling lists (skipped), picture order count fields, macroblock counts,
/// field coding and the cropping window; ignores VUI and everything after it.
/// </summary>
public static class H264SequenceParameterSet
{
    private const int SpsNalType = 7;

    /// <summary>Finds the first SPS in an Annex B access unit and reads its size.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> accessUnit, out int width, out int height)
    {
        width = height = 0;
        for (var nal = NextNal(accessUnit, 0, out var length); nal >= 0; nal = NextNal(accessUnit, nal + length, out length))
        {
            if (length > 1 && (accessUnit[nal] & 0x1f) == SpsNalType)
            {
                return TryParseSize(accessUnit.Slice(nal + 1, length - 1), out width, out height);
            }
        }

        return false;
    }

    /// <summary>Reads the size from an SPS payload (after the one-byte NAL header, with emulation prevention).</summary>
    public static bool TryParseSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = height = 0;
        Span<byte> rbsp = payload.Length <= 256 ? stackalloc byte[payload.Length] : new byte[payload.Length];
        var reader = new ExpGolombReader(rbsp[..Unescape(payload, rbsp)]);
        try
        {
            var profile = reader.ReadBits(8);
            reader.ReadBits(16); // constraint flags, level
            reader.ReadUnsigned(); // seq_parameter_set_id
            var chromaFormat = 1;
            if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
            {
                chromaFormat = (int)reader.ReadUnsigned();
                if (chromaFormat == 3)
                {
                    reader.ReadBits(1); // separate_colour_plane_flag
                }

                reader.ReadUnsigned(); // bit_depth_luma_minus8
                reader.ReadUnsigned(); // bit_depth_chroma_minus8
                reader.ReadBits(1); // qpprime_y_zero_transform_bypass_flag
                if (reader.ReadBits(1) == 1)
                {
                    SkipScalingLists(ref reader, chromaFormat == 3 ? 12 : 8);
                }
            }

            reader.ReadUnsigned(); // log2_max_frame_num_minus4
            var pictureOrderCountType = reader.ReadUnsigned();
            if (pictureOrderCountType == 0)
            {
                reader.ReadUnsigned();
            }
            else if (pictureOrderCountType == 1)
            {
                reader.ReadBits(1);
                reader.ReadSigned();
                reader.ReadSigned();
                var cycle = reader.ReadUnsigned();
                for (var i = 0u; i < cycle && i < 256; i++)
                {
                    reader.ReadSigned();
                }
            }

            reader.ReadUnsigned(); // max_num_ref_frames
            reader.ReadBits(1); // gaps_in_frame_num_value_allowed_flag
            var widthInMacroblocks = reader.ReadUnsigned() + 1;
            var heightInMapUnits = reader.ReadUnsigned() + 1;
            var frameMacroblocksOnly = reader.ReadBits(1);
            if (frameMacroblocksOnly == 0)
            {
                reader.ReadBits(1); // mb_adaptive_frame_field_flag
            }

            reader.ReadBits(1); // direct_8x8_inference_flag
            uint left = 0, right = 0, top = 0, bottom = 0;
            if (reader.ReadBits(1) == 1)
            {
                left = reader.ReadUnsigned();
                right = reader.ReadUnsigned();
                top = reader.ReadUnsigned();
                bottom = reader.ReadUnsigned();
            }

            var cropUnitX = chromaFormat is 1 or 2 ? 2u : 1u;
            var cropUnitY = (chromaFormat == 1 ? 2u : 1u) * (2 - frameMacroblocksOnly);
            var fullWidth = widthInMacroblocks * 16;
            var fullHeight = (2 - frameMacroblocksOnly) * heightInMapUnits * 16;
            var croppedWidth = (long)fullWidth - (cropUnitX * (left + right));
            var croppedHeight = (long)fullHeight - (cropUnitY * (top + bottom));
            if (croppedWidth is <= 0 or > 16_384 || croppedHeight is <= 0 or > 16_384)
            {
                return false;
            }

            (width, height) = ((int)croppedWidth, (int)croppedHeight);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // ran past the end: a truncated or corrupt SPS
        }
    }

    private static void SkipScalingLists(ref ExpGolombReader reader, int count)
    {
        for (var list = 0; list < count; list++)
        {
            if (reader.ReadBits(1) == 0)
            {
                continue;
            }

            var size = list < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (var j = 0; j < size; j++)
            {
                if (next != 0)
                {
                    next = (last + reader.ReadSigned() + 256) % 256;
                }

                last = next == 0 ? last : next;
            }
        }
    }

    /// <summary>Removes emulation prevention bytes (00 00 03 → 00 00); returns the RBSP length.</summary>
    private static int Unescape(ReadOnlySpan<byte> payload, Span<byte> rbsp)
    {
        var written = 0;
        var zeros = 0;
        foreach (var b in payload)
        {
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[written++] = b;
        }

        return written;
    }

    /// <summary>The offset of the next NAL unit's first byte at or after <paramref name="from"/>, or -1.</summary>
    private static int NextNal(ReadOnlySpan<byte> data, int from, out int length)
    {
        length = 0;
        var start = FindStartCode(data, from);
        if (start < 0)
        {
            return -1;
        }

        var end = FindStartCode(data, start);
        // FindStartCode returns the first byte after the code; back up over the next code's zeros.
        var stop = end < 0 ? data.Length : end - 3;
        while (stop > start && data[stop - 1] == 0)
        {
            stop--;
        }

        length = stop - start;
        return start;
    }

    private static int FindStartCode(ReadOnlySpan<byte> data, int from)
    {
        for (var i = Math.Max(from, 0); i + 2 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                return i + 3;
            }
        }

        return -1;
    }

    private ref struct ExpGolombReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _bit;

        public uint ReadBits(int count)
        {
            uint value = 0;
            for (var i = 0; i < count; i++)
            {
                if (_bit >= _data.Length * 8)
                {
                    throw new ArgumentOutOfRangeException(nameof(count), "Read past the end of the SPS.");
                }

                value = (value << 1) | (uint)((_data[_bit >> 3] >> (7 - (_bit & 7))) & 1);
                _bit++;
            }

            return value;
        }

        public uint ReadUnsigned()
        {
            var zeros = 0;
            while (ReadBits(1) == 0)
            {
                if (++zeros > 31)
                {
                    throw new ArgumentOutOfRangeException(nameof(zeros), "Exp-Golomb code too long.");
                }
            }

            return (uint)((1L << zeros) - 1 + ReadBits(zeros));
        }

        public int ReadSigned()
        {
            var code = ReadUnsigned();
            return (code & 1) == 1 ? (int)((code + 1) / 2) : -(int)(code / 2);
        }
    }
}
