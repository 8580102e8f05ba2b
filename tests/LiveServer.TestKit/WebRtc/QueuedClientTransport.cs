using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace LiveServer.TestKit.WebRtc;

/// <summary>
/// BouncyCastle's view of a client's UDP socket that also carries STUN and SRTP (RFC 7983 demux):
/// the owner's receive loop adds the DTLS datagrams to <paramref name="incoming"/>, and sends go out
/// on <paramref name="socket"/> (to <paramref name="remote"/>, or to its connected peer when null).
/// Completing <paramref name="incoming"/> closes it for the handshake.
/// </summary>
public sealed class QueuedClientTransport(BlockingCollection<byte[]> incoming, Socket socket, EndPoint? remote) : DatagramTransport
{
    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        try
        {
            if (!incoming.TryTake(out byte[]? datagram, waitMillis))
            {
                return -1;
            }

            int length = Math.Min(buffer.Length, datagram.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (InvalidOperationException)
        {
            throw new IOException("The client was closed.");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        try
        {
            if (remote is null)
            {
                socket.Send(buffer, SocketFlags.None);
            }
            else
            {
                socket.SendTo(buffer, SocketFlags.None, remote);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Closed, or the peer is gone: the datagram is lost, as on a network, and DTLS retransmits.
        }
    }

    public void Close()
    {
    }
}
