// BouncyCastle's DatagramTransport over a caller-fed queue, so that DTLS (RFC 6347) can run without
// owning a socket: the UDP port is shared by all sessions (RFC 7983 demux, ICE-lite), the mux pushes
// this session's DTLS datagrams in, and sends go out through an IDatagramSender that knows the
// remote address. Receive honours BouncyCastle's retransmission waits and wakes up on Close.
using System.Buffers;
using Org.BouncyCastle.Tls;

namespace LiveServer.WebRtc.Dtls;

/// <summary>A bounded, thread-safe datagram queue presented to BouncyCastle as a <see cref="DatagramTransport"/>.</summary>
internal sealed class QueuedDatagramTransport(IDatagramSender sender, int capacity, int receiveLimit, int sendLimit)
    : DatagramTransport
{
    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _queue = new(capacity);
    private bool _closed;
    private long _sendFailures;

    /// <summary>Datagrams waiting to be read.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Copies the datagram into the queue.</summary>
    /// <returns>Queued, or why not.</returns>
    public EnqueueOutcome TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > receiveLimit)
        {
            return EnqueueOutcome.TooLarge;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return EnqueueOutcome.Closed;
            }

            if (_queue.Count >= capacity)
            {
                return EnqueueOutcome.Full;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            Monitor.Pulse(_gate);
            return EnqueueOutcome.Queued;
        }
    }

    public int GetReceiveLimit() => receiveLimit;

    public int GetSendLimit() => sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// Waits up to <paramref name="waitMillis"/> (0 meaning no limit, like a socket receive timeout)
    /// for a datagram. Returns its length, or -1 on timeout; throws once the transport is closed.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            long deadline = waitMillis > 0 ? Environment.TickCount64 + waitMillis : long.MaxValue;
            while (_queue.Count == 0)
            {
                if (_closed)
                {
                    throw new DtlsTransportClosedException();
                }

                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return -1;
                }

                Monitor.Wait(_gate, remaining >= int.MaxValue ? Timeout.Infinite : (int)remaining);
            }

            item = _queue.Dequeue();
        }

        // A datagram longer than the caller's buffer is truncated; BouncyCastle then sees a length
        // mismatch and discards the record, which is the right outcome for an oversized datagram.
        int length = Math.Min(item.Length, buffer.Length);
        item.Buffer.AsSpan(0, length).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (IsClosed)
        {
            return;
        }

        try
        {
            sender.Send(buffer);
        }
        catch (Exception)
        {
            // UDP gives no delivery guarantee anyway: a failed send is a lost packet, which the DTLS
            // retransmission timers recover from. Counted so the owner can see a broken socket.
            Interlocked.Increment(ref _sendFailures);
        }
    }

    /// <summary>Closes the queue: wakes a waiting receive, drops queued datagrams and further sends.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.TryDequeue(out (byte[] Buffer, int Length) item))
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The outcome of <see cref="TryEnqueue"/>.</summary>
    public enum EnqueueOutcome
    {
        Queued,
        Full,
        TooLarge,
        Closed,
    }
}
