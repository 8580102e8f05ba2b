// The RTCP a session sends, as compound packets (RFC 3550 section 6.1: each led by a receiver
// report; section 6.4.2 receiver reports about once a second with SDES CNAME) carrying RFC 4585
// feedback (6.2.1 generic NACK, 6.3.1 PLI) and REMB. A compound that would pass the datagram budget
// is flushed and a new one started with an empty receiver report.
using LiveServer.WebRtc.Rtcp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// Builds one session's outgoing compound RTCP in a reused buffer and hands each finished compound
/// to <paramref name="flush"/> (which protects it as SRTCP in place and sends it). Not thread-safe:
/// used under the session's lock.
/// </summary>
/// <param name="senderSsrc">The SSRC our reports are sent as.</param>
/// <param name="cname">Our CNAME for SDES.</param>
/// <param name="flush">Protects and sends a compound: the buffer (with room for the SRTCP trailer) and its length.</param>
internal sealed class RtcpFeedbackWriter(uint senderSsrc, byte[] cname, Action<byte[], int> flush)
{
    // Keep each SRTCP datagram comfortably under the path MTU.
    private const int Budget = 1100;

    private readonly byte[] _buffer = new byte[Budget + 512];
    private int _length;
    private bool _hasContent;

    /// <summary>Generic NACK packets written.</summary>
    public long NacksSent { get; private set; }

    /// <summary>Sequence numbers asked for in them.</summary>
    public long NackedPackets { get; private set; }

    /// <summary>PLIs written.</summary>
    public long PlisSent { get; private set; }

    /// <summary>Receiver reports with report blocks written.</summary>
    public long ReportsSent { get; private set; }

    /// <summary>Starts a compound: a receiver report with <paramref name="blocks"/>, and, as a report, SDES and optionally REMB.</summary>
    /// <param name="blocks">Report blocks (used only when <paramref name="asReport"/>).</param>
    /// <param name="asReport">True for the periodic report; false for a compound that only carries feedback.</param>
    /// <param name="remb">The REMB bitrate, or 0 for none.</param>
    /// <param name="rembSsrcs">The SSRCs the REMB covers.</param>
    public void Begin(ReadOnlySpan<ReportBlock> blocks, bool asReport, long remb = 0, ReadOnlySpan<uint> rembSsrcs = default)
    {
        ReceiverReport.TryWrite(_buffer, senderSsrc, asReport ? blocks : [], out _length);
        _hasContent = false;
        if (!asReport)
        {
            return;
        }

        SourceDescription.TryWriteCname(_buffer.AsSpan(_length), senderSsrc, cname, out int written);
        _length += written;
        _hasContent = true;
        ReportsSent++;
        if (remb > 0 && !rembSsrcs.IsEmpty
            && ReceiverEstimatedMaxBitrate.TryWrite(_buffer.AsSpan(_length), senderSsrc, (ulong)remb, rembSsrcs, out written))
        {
            _length += written;
        }
    }

    /// <summary>Adds a generic NACK for <paramref name="sequenceNumbers"/> of <paramref name="mediaSsrc"/>.</summary>
    public void AddNack(uint mediaSsrc, ReadOnlySpan<ushort> sequenceNumbers)
    {
        int needed = 12 + (4 * GenericNack.CountEntries(sequenceNumbers));
        EnsureRoom(needed);
        if (GenericNack.TryWrite(_buffer.AsSpan(_length, Math.Min(needed, Budget - _length)), senderSsrc, mediaSsrc, sequenceNumbers, out int written))
        {
            _length += written;
            _hasContent = true;
            NacksSent++;
            NackedPackets += sequenceNumbers.Length;
        }
    }

    /// <summary>Adds a PLI for <paramref name="mediaSsrc"/>.</summary>
    public void AddPli(uint mediaSsrc)
    {
        EnsureRoom(PictureLossIndication.Length);
        if (PictureLossIndication.TryWrite(_buffer.AsSpan(_length), senderSsrc, mediaSsrc, out int written))
        {
            _length += written;
            _hasContent = true;
            PlisSent++;
        }
    }

    /// <summary>Sends the compound when it holds anything beyond an empty receiver report.</summary>
    public void Flush()
    {
        if (!_hasContent)
        {
            return;
        }

        _hasContent = false;
        int length = _length;
        _length = 0;
        flush(_buffer, length);
    }

    private void EnsureRoom(int needed)
    {
        if (_length + needed > Budget)
        {
            Flush();
            Begin([], asReport: false);
        }
    }
}
