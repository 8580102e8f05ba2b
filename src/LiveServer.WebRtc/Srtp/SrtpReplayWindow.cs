// The replay list of RFC 3711 section 3.3.2 as a 64-entry sliding bitmap (the minimum window the
// RFC allows), used for the 48-bit SRTP index and the 31-bit SRTCP index alike.
namespace LiveServer.WebRtc.Srtp;

/// <summary>Highest index seen and a bitmap of the 64 indices at and below it.</summary>
internal struct SrtpReplayWindow
{
    /// <summary>The window size in packets.</summary>
    public const int Size = 64;

    /// <summary>Whether any packet has been accepted.</summary>
    public bool Initialized;

    /// <summary>The highest accepted index.</summary>
    public ulong Highest;

    // Bit n set: index Highest - n was accepted.
    private ulong _bitmap;

    /// <summary>Checks an index without changing state.</summary>
    public readonly SrtpError Check(ulong index)
    {
        if (!Initialized || index > Highest)
        {
            return SrtpError.None;
        }

        ulong behind = Highest - index;
        if (behind >= Size)
        {
            return SrtpError.TooOld;
        }

        return ((_bitmap >> (int)behind) & 1) != 0 ? SrtpError.Replayed : SrtpError.None;
    }

    /// <summary>Records an authenticated index; call only after <see cref="Check"/> passed.</summary>
    public void Accept(ulong index)
    {
        if (!Initialized)
        {
            Initialized = true;
            Highest = index;
            _bitmap = 1;
            return;
        }

        if (index > Highest)
        {
            ulong ahead = index - Highest;
            _bitmap = ahead >= Size ? 1 : (_bitmap << (int)ahead) | 1;
            Highest = index;
        }
        else
        {
            _bitmap |= 1UL << (int)(Highest - index);
        }
    }
}
