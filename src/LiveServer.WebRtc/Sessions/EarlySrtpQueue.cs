// SRTP that arrives while our side of the DTLS handshake is still finishing: the client may send
// media as soon as it has processed our last flight, before BouncyCastle has returned the keys
// here (RFC 5764 section 4.2: the keys exist once the handshake completes on each side, not at once
// on both). Dropping those packets loses the client's first keyframe and costs a PLI round trip
// (about 150 ms with Chrome); they are kept, a bounded number, and replayed once the keys are in.
using System.Buffers;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// A bounded queue of datagrams copied from the receive loop during the handshake. Used under the
/// session's lock. Its buffers come from the shared array pool and go back on replay or clear.
/// </summary>
internal sealed class EarlySrtpQueue
{
    /// <summary>Most datagrams kept (about a second of a 720p camera and its audio is far more; a keyframe is 10–40).</summary>
    public const int Capacity = 256;

    private readonly Queue<(byte[] Buffer, int Length)> _datagrams = new();

    /// <summary>Copies a datagram in; false when full (the endpoint counts it as dropped).</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (_datagrams.Count >= Capacity)
        {
            return false;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        _datagrams.Enqueue((buffer, datagram.Length));
        return true;
    }

    /// <summary>Hands every queued datagram, in arrival order, to <paramref name="handle"/> and empties the queue.</summary>
    public void Replay(SpanAction handle)
    {
        while (_datagrams.TryDequeue(out (byte[] Buffer, int Length) item))
        {
            try
            {
                handle(item.Buffer.AsSpan(0, item.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
    }

    /// <summary>Drops what is queued.</summary>
    public void Clear() => Replay(static _ => { });

    /// <summary>Takes one datagram (valid only during the call).</summary>
    public delegate void SpanAction(Span<byte> datagram);
}
