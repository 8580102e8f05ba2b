using LiveServer.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace LiveServer.WebRtc.Tests.Dtls;

/// <summary>
/// An in-memory link between a <see cref="DtlsServerTransport"/> and a BouncyCastle client: the
/// server's sends go to the client's queue, the client's sends go to the server's EnqueueReceived.
/// A filter can drop datagrams; every datagram sent is recorded before filtering.
/// </summary>
internal sealed class DatagramPipe : IDatagramSender
{
    private readonly object _gate = new();
    private readonly List<byte[]> _sentByServer = [];
    private readonly List<byte[]> _sentByClient = [];
    private int _dropped;

    public DatagramPipe()
    {
        Client = new ClientEnd(this);
    }

    /// <summary>Decides delivery: (toClient, index in that direction, datagram) → deliver?</summary>
    public Func<bool, int, byte[], bool>? Filter { get; set; }

    public DtlsServerTransport? Server { get; set; }

    public ClientEnd Client { get; }

    public int Dropped => Volatile.Read(ref _dropped);

    public IReadOnlyList<byte[]> SentByServer
    {
        get
        {
            lock (_gate)
            {
                return [.. _sentByServer];
            }
        }
    }

    public IReadOnlyList<byte[]> SentByClient
    {
        get
        {
            lock (_gate)
            {
                return [.. _sentByClient];
            }
        }
    }

    /// <summary>The server's send path.</summary>
    public void Send(ReadOnlySpan<byte> datagram)
    {
        byte[] copy = datagram.ToArray();
        int index;
        lock (_gate)
        {
            index = _sentByServer.Count;
            _sentByServer.Add(copy);
        }

        if (Filter?.Invoke(true, index, copy) ?? true)
        {
            Client.Deliver(copy);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void FromClient(ReadOnlySpan<byte> datagram)
    {
        byte[] copy = datagram.ToArray();
        int index;
        lock (_gate)
        {
            index = _sentByClient.Count;
            _sentByClient.Add(copy);
        }

        if (Filter?.Invoke(false, index, copy) ?? true)
        {
            Server?.EnqueueReceived(copy);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>The client's side of the pipe, as a BouncyCastle datagram transport.</summary>
    internal sealed class ClientEnd(DatagramPipe pipe) : DatagramTransport
    {
        private readonly object _gate = new();
        private readonly Queue<byte[]> _queue = new();
        private bool _closed;

        public void Deliver(byte[] datagram)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                _queue.Enqueue(datagram);
                Monitor.Pulse(_gate);
            }
        }

        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            byte[] datagram;
            lock (_gate)
            {
                long deadline = Environment.TickCount64 + (waitMillis > 0 ? waitMillis : 60_000);
                while (_queue.Count == 0)
                {
                    if (_closed)
                    {
                        throw new IOException("client transport closed");
                    }

                    long remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0)
                    {
                        return -1;
                    }

                    Monitor.Wait(_gate, (int)remaining);
                }

                datagram = _queue.Dequeue();
            }

            int length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }

        public void Send(byte[] buf, int off, int len) => pipe.FromClient(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer) => pipe.FromClient(buffer);

        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
