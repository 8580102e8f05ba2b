using System.Buffers.Binary;
using System.Diagnostics;

namespace LiveServer.TestKit.WebRtc;

/// <summary>
/// Replays a <see cref="CapturedVp8Stream"/> through a <see cref="WhipPublisher"/> in a loop: each
/// packet gets the next sequence number and the publisher's SSRC, and each pass continues the RTP
/// timestamps of the one before, so the server sees one valid stream that never repeats a packet.
/// </summary>
public sealed class Vp8StreamReplay(CapturedVp8Stream stream, WhipPublisher publisher)
{
    private readonly byte[] _buffer = new byte[CapturedVp8Stream.MaxPacketSize];
    private int _index;
    private ushort _sequence = (ushort)Random.Shared.Next(0, 65536);
    private uint _timestampBase = (uint)Random.Shared.Next();
    private long _packetsSent;
    private long _bytesSent;

    /// <summary>RTP packets sent so far.</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>RTP bytes (before SRTP) sent so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Sends the next packet of the loop.</summary>
    public void SendNext()
    {
        RtpTemplate template = stream.Packets[_index];
        Span<byte> packet = _buffer.AsSpan(0, template.Bytes.Length);
        template.Bytes.CopyTo(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], unchecked(_timestampBase + template.Timestamp));
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], publisher.VideoSsrc);
        publisher.SendRtp(packet);
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, packet.Length);
        if (++_index == stream.Packets.Count)
        {
            _index = 0;
            _timestampBase = unchecked(_timestampBase + stream.TimestampSpan);
        }
    }

    /// <summary>
    /// Sends on a thread of its own for <paramref name="duration"/> (or until cancelled):
    /// <paramref name="packetsPerSecond"/> paced in 1 ms steps, or as fast as it can when 0.
    /// </summary>
    public Task RunAsync(double packetsPerSecond, TimeSpan duration, CancellationToken cancellationToken) => Task.Factory.StartNew(
        () =>
        {
            var clock = Stopwatch.StartNew();
            long sent = 0;
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                if (packetsPerSecond <= 0)
                {
                    for (int i = 0; i < 64; i++)
                    {
                        SendNext();
                    }

                    continue;
                }

                long due = (long)(clock.Elapsed.TotalSeconds * packetsPerSecond);
                for (; sent < due; sent++)
                {
                    SendNext();
                }

                Thread.Sleep(1);
            }
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);
}
