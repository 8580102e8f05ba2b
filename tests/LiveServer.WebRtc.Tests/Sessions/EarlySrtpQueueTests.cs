using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>The queue that keeps SRTP arriving before our side of DTLS has the keys: order, bound, copies.</summary>
public sealed class EarlySrtpQueueTests
{
    [Fact]
    public void Replay_HandsDatagramsBackInArrivalOrderAndEmptiesTheQueue()
    {
        var queue = new EarlySrtpQueue();
        Assert.True(queue.TryEnqueue([1, 2, 3]));
        Assert.True(queue.TryEnqueue([4]));
        Assert.True(queue.TryEnqueue([5, 6]));

        var replayed = new List<byte[]>();
        queue.Replay(d => replayed.Add(d.ToArray()));
        Assert.Equal([[1, 2, 3], [4], [5, 6]], replayed);

        replayed.Clear();
        queue.Replay(d => replayed.Add(d.ToArray()));
        Assert.Empty(replayed);
    }

    [Fact]
    public void TryEnqueue_RefusesPastCapacity_AndAcceptsAgainAfterReplay()
    {
        var queue = new EarlySrtpQueue();
        for (int i = 0; i < EarlySrtpQueue.Capacity; i++)
        {
            Assert.True(queue.TryEnqueue([(byte)i]));
        }

        Assert.False(queue.TryEnqueue([0xFF]));

        int count = 0;
        queue.Replay(_ => count++);
        Assert.Equal(EarlySrtpQueue.Capacity, count);
        Assert.True(queue.TryEnqueue([0xFF]));
    }

    [Fact]
    public void TryEnqueue_KeepsACopy_NotTheCallersBuffer()
    {
        var queue = new EarlySrtpQueue();
        byte[] receiveBuffer = [7, 7, 7];
        queue.TryEnqueue(receiveBuffer);
        receiveBuffer[0] = 9;

        byte[]? replayed = null;
        queue.Replay(d => replayed = d.ToArray());
        Assert.Equal([7, 7, 7], replayed);
    }

    [Fact]
    public void Clear_DropsEverything()
    {
        var queue = new EarlySrtpQueue();
        queue.TryEnqueue([1]);
        queue.TryEnqueue([2]);
        queue.Clear();

        int count = 0;
        queue.Replay(_ => count++);
        Assert.Equal(0, count);
    }
}
