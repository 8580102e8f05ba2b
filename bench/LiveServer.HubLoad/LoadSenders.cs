using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.HubLoad;

/// <summary>
/// The load: reaction senders calling the hub's <c>React(roomId, type)</c> and chat senders calling
/// <c>Publish(roomId, "CHAT", text, {persist: false})</c>, each its own participant with its own
/// connection (which joins the room, as the hub requires, and so receives the fan-out too). One pacing
/// loop hands out what is due every few milliseconds, round-robin over the senders, so each sender
/// sends rate / senders a second; every call is awaited for its outcome (accepted, refused by a rate
/// limit or another <see cref="HubException"/>, failed).
/// </summary>
internal sealed class LoadSenders : IAsyncDisposable
{
    private static readonly string[] ReactionTypes = ["heart", "clap", "laugh", "wow", "fire", "thumbsup"];
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private readonly HubConnection[] _reactors;
    private readonly HubConnection[] _chatters;
    private readonly string _roomId;
    private readonly List<Task> _calls = [];
    private long _reactionsAccepted;
    private long _reactionsRefused;
    private long _reactionsFailed;
    private string? _firstRefusal;

    private LoadSenders(HubConnection[] reactors, HubConnection[] chatters, string roomId)
    {
        _reactors = reactors;
        _chatters = chatters;
        _roomId = roomId;
    }

    public int Connections => _reactors.Length + _chatters.Length;

    public static async Task<LoadSenders> ConnectAsync(Uri server, string roomId, LoadTokens tokens, int reactors, int chatters)
    {
        async Task<HubConnection> JoinAsync(string participantId)
        {
            var connection = HubConnections.Create(server, tokens.Viewer(roomId, participantId));
            await connection.StartAsync();
            await connection.InvokeCoreAsync("JoinRoom", typeof(JsonElement), [roomId]);
            return connection;
        }

        var r = await Task.WhenAll(Enumerable.Range(0, reactors).Select(i => JoinAsync($"reactor-{i}")));
        var c = await Task.WhenAll(Enumerable.Range(0, chatters).Select(i => JoinAsync($"chatter-{i}")));
        return new LoadSenders(r, c, roomId);
    }

    /// <summary>A few chat messages and reactions before anything is measured, so the server's paths are compiled.</summary>
    public async Task WarmUpAsync()
    {
        foreach (var chatter in _chatters.Take(5))
        {
            await chatter.InvokeAsync("Publish", _roomId, "CHAT", "warm-up", new { persist = false });
        }

        foreach (var reactor in _reactors.Take(5))
        {
            await reactor.InvokeAsync("React", _roomId, "heart");
        }
    }

    /// <summary>
    /// Sends for <paramref name="duration"/>, then waits (at most <paramref name="grace"/>) for the
    /// outcome of every call. <paramref name="midway"/> runs once half of the duration has passed.
    /// </summary>
    public async Task<SendOutcome> RunAsync(
        int reactionsPerSecond, int chatPerSecond, int maxMessages, TimeSpan duration, TimeSpan grace, Func<Task> midway, CancellationToken cancellationToken)
    {
        var chat = new ChatSend[maxMessages];
        var clock = Stopwatch.StartNew();
        long reactionsSent = 0;
        var chatSent = 0;

        // Where the schedule is: when this loop got no core for a while it does not catch up in a burst
        // (which the server's per-sender buckets would refuse) but skips what is more than 100 ms late.
        long reactionsScheduled = 0;
        long chatScheduled = 0;
        long reactionsSkipped = 0;
        long chatSkipped = 0;
        Task? middle = null;
        using var timer = new PeriodicTimer(Tick);
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var elapsed = clock.Elapsed;
            if (middle is null && elapsed >= duration / 2)
            {
                middle = Task.Run(midway, cancellationToken);
            }

            var reactionsDue = Due(reactionsPerSecond, elapsed, ref reactionsScheduled, ref reactionsSkipped);
            for (; reactionsDue > 0; reactionsDue--, reactionsSent++)
            {
                var sender = _reactors[reactionsSent % _reactors.Length];
                _calls.Add(ReactAsync(sender, ReactionTypes[reactionsSent % ReactionTypes.Length]));
            }

            var chatDue = Math.Min(maxMessages - chatSent, Due(chatPerSecond, elapsed, ref chatScheduled, ref chatSkipped));
            for (; chatDue > 0; chatDue--, chatSent++)
            {
                var sender = _chatters[chatSent % _chatters.Length];
                var number = chatSent;
                var sentTicks = DateTime.UtcNow.Ticks;
                chat[number] = new ChatSend(sentTicks, null);
                _calls.Add(PublishAsync(sender, number, sentTicks, chat));
            }
        }

        var sendSeconds = clock.Elapsed.TotalSeconds;
        if (middle is not null)
        {
            await middle;
        }

        await Task.WhenAny(Task.WhenAll(_calls), Task.Delay(grace, cancellationToken));
        var chatAccepted = chat.Take(chatSent).Count(c => c.Outcome == "ok");
        var refusals = chat.Take(chatSent).Where(c => c.Outcome is not ("ok" or null)).Select(c => c.Outcome!).Distinct().Take(3).ToList();
        if (_firstRefusal is not null)
        {
            refusals.Insert(0, _firstRefusal);
        }

        return new SendOutcome(
            sendSeconds,
            reactionsSent,
            reactionsSkipped,
            Interlocked.Read(ref _reactionsAccepted),
            Interlocked.Read(ref _reactionsRefused),
            Interlocked.Read(ref _reactionsFailed),
            chatSent,
            chatSkipped,
            chatAccepted,
            [.. chat.Take(chatSent).Select(c => c.Outcome == "ok")],
            [.. chat.Take(chatSent).Select(c => c.SentTicks)],
            [.. chat.Take(chatSent).Select(c => c.AtTicks)],
            refusals);
    }

    /// <summary>What is due by <paramref name="elapsed"/> at <paramref name="perSecond"/>, at most 100 ms of it; the rest is counted as skipped.</summary>
    private static int Due(int perSecond, TimeSpan elapsed, ref long scheduled, ref long skipped)
    {
        var due = (long)(perSecond * elapsed.TotalSeconds) - scheduled;
        var most = Math.Max(1, perSecond / 10);
        if (due > most)
        {
            skipped += due - most;
            due = most;
        }

        scheduled += Math.Max(0, due);
        return (int)Math.Max(0, due);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _reactors.Concat(_chatters))
        {
            await connection.DisposeAsync();
        }
    }

    private async Task ReactAsync(HubConnection sender, string type)
    {
        try
        {
            await sender.InvokeAsync("React", _roomId, type);
            Interlocked.Increment(ref _reactionsAccepted);
        }
        catch (HubException e)
        {
            Interlocked.Increment(ref _reactionsRefused);
            Interlocked.CompareExchange(ref _firstRefusal, "React: " + e.Message, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _reactionsFailed);
            Interlocked.CompareExchange(ref _firstRefusal, "React failed: " + e.Message, null);
        }
    }

    private async Task PublishAsync(HubConnection sender, int number, long sentTicks, ChatSend[] chat)
    {
        string outcome;
        long at = 0;
        try
        {
            var published = await sender.InvokeAsync<ChatPayload>("Publish", _roomId, "CHAT", ChatStamp.Format(number, sentTicks), new { persist = false });
            outcome = "ok";
            at = published.At.UtcTicks;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            outcome = "Publish: " + e.Message;
        }

        chat[number] = chat[number] with { Outcome = outcome, AtTicks = at };
    }

    private sealed record ChatSend(long SentTicks, string? Outcome, long AtTicks = 0);
}
