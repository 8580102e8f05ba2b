using System.Collections.Concurrent;
using System.Security.Cryptography;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Rooms;
using LiveServer.Storage;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Polls: a moderator opens one (<c>pollStarted</c>), the audience votes once per identity, and the
/// counts go out as <c>pollUpdated</c> at most once per poll every 250 ms and only when they changed, so
/// a vote storm costs a set insert and a counter each; a moderator's close or the duration's end sends
/// <c>pollClosed</c> with the final counts. A room's polls and votes are read from the store on first
/// use and kept in memory; votes are written behind (<see cref="StoreWriter.Post"/>), and the votes
/// table's primary key backs the in-memory one-vote rule.
/// Opening and closing a poll also marks the room's livestream (<see cref="PollMarks"/>).
/// </summary>
public sealed partial class PollService(
    RoomRegistry rooms, RoomNotifier notifier, StoreWriter writer, ILiveStore store, TimeProvider time, ILogger<PollService> logger,
    ITimedMarks marks)
    : BackgroundService
{
    /// <summary>How often changed counts are pushed.</summary>
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Raised with the poll's view when it opens, when its changed counts are pushed, and when it
    /// closes, under the room's lock (so in order per poll): handlers must only note it and return.
    /// </summary>
    public event Action<PollView>? PollChanged;

    private readonly ConcurrentDictionary<string, Lazy<Task<Dictionary<string, PollState>>>> _rooms = new(StringComparer.Ordinal);

    /// <summary>Opens a poll in <paramref name="roomId"/> and announces <c>pollStarted</c>.</summary>
    public async Task<PollOutcome> CreateAsync(string roomId, CreatePollRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        if (rooms.Find(roomId) is null)
        {
            return RoomNotFound(roomId);
        }

        var polls = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        DateTimeOffset? closesAt = request.DurationSec is { } seconds ? now.AddSeconds(seconds) : null;
        var options = request.Options!.Select((text, i) => new PollOption(((char)('a' + i)).ToString(), text!.Trim())).ToList();
        var poll = new PollState("poll_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), roomId, request.Question!.Trim(), options, now, closesAt);
        await writer.WriteAsync(new StoreWrite.SavePoll(new StoredPoll(
            poll.Id, roomId, poll.Question, "open", now, closesAt, null, [.. options.Select(o => new StoredPollOption(o.Id, o.Text))])))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        TimedMark mark;
        lock (polls)
        {
            polls.Add(poll.Id, poll);
            Schedule(poll);
            PollChanged?.Invoke(poll.View());
            mark = PollMarks.Poll(poll.View());
        }

        marks.Mark(roomId, mark);
        await notifier.PublishAsync("pollStarted", new PollStartedMessage(roomId, poll.Id, poll.Question, options, closesAt, now), null, null, cancellationToken)
            .ConfigureAwait(false);
        return new PollOutcome.Done(poll.View());
    }

    /// <summary>Counts <paramref name="voterId"/>'s vote for <paramref name="optionId"/>; a second vote, or one on a closed poll, is a conflict.</summary>
    public async Task<PollOutcome> VoteAsync(string roomId, string pollId, string? optionId, string voterId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(optionId))
        {
            return new PollOutcome.Invalid("optionId", "optionId is required.");
        }

        if (rooms.Find(roomId) is null)
        {
            return RoomNotFound(roomId);
        }

        var polls = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        StoredPollVote vote;
        PollView view;
        lock (polls)
        {
            if (!polls.TryGetValue(pollId, out var poll))
            {
                return PollNotFound(roomId, pollId);
            }

            if (!poll.Counts.TryGetValue(optionId, out var count))
            {
                return new PollOutcome.NotFound("optionId", $"Poll '{pollId}' has no option '{optionId}'.");
            }

            if (!poll.IsOpen)
            {
                return new PollOutcome.Conflict("pollId", $"Poll '{pollId}' is closed.");
            }

            if (!poll.Voters.Add(voterId))
            {
                return new PollOutcome.Conflict("optionId", "This identity has already voted on the poll.");
            }

            poll.Counts[optionId] = count + 1;
            poll.Changed = true;
            vote = new StoredPollVote(pollId, voterId, optionId, time.GetUtcNow());
            view = poll.View();
        }

        writer.Post(new StoreWrite.SavePollVote(vote));
        return new PollOutcome.Done(view);
    }

    /// <summary>Closes an open poll and announces <c>pollClosed</c> with its final counts; closing a closed poll is a conflict.</summary>
    public async Task<PollOutcome> CloseAsync(string roomId, string pollId, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is null)
        {
            return RoomNotFound(roomId);
        }

        var polls = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        PollView view;
        lock (polls)
        {
            if (!polls.TryGetValue(pollId, out var poll))
            {
                return PollNotFound(roomId, pollId);
            }

            if (!poll.IsOpen)
            {
                return new PollOutcome.Conflict("pollId", $"Poll '{pollId}' is already closed.");
            }

            poll.ClosedAt = time.GetUtcNow();
            poll.Changed = false;
            poll.Timer?.Dispose();
            poll.Timer = null;
            view = poll.View();
            PollChanged?.Invoke(view);
        }

        await writer.WriteAsync(new StoreWrite.ClosePoll(pollId, view.ClosedAt!.Value)).WaitAsync(cancellationToken).ConfigureAwait(false);
        marks.Mark(roomId, PollMarks.Poll(view));
        marks.Mark(roomId, PollMarks.Result(view));
        await notifier.PublishAsync("pollClosed", new PollClosedMessage(roomId, pollId, view.Counts, view.Total, view.ClosedAt.Value), null, null, cancellationToken)
            .ConfigureAwait(false);
        return new PollOutcome.Done(view);
    }

    /// <summary>A poll with its counts.</summary>
    public async Task<PollOutcome> GetAsync(string roomId, string pollId, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is null)
        {
            return RoomNotFound(roomId);
        }

        var polls = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        lock (polls)
        {
            return polls.TryGetValue(pollId, out var poll) ? new PollOutcome.Done(poll.View()) : PollNotFound(roomId, pollId);
        }
    }

    /// <summary>The room's polls, newest first, optionally only <c>open</c> or <c>closed</c> ones; null when the room does not exist.</summary>
    public async Task<IReadOnlyList<PollView>?> ListAsync(string roomId, string? status, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is null)
        {
            return null;
        }

        var polls = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        lock (polls)
        {
            return [.. polls.Values
                .Where(p => status is null || string.Equals(status, "open", StringComparison.Ordinal) == p.IsOpen)
                .OrderByDescending(p => p.CreatedAt)
                .ThenByDescending(p => p.Id, StringComparer.Ordinal)
                .Select(p => p.View())];
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(UpdateInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        foreach (var loading in _rooms.Values)
        {
            if (loading.IsValueCreated && loading.Value.IsCompletedSuccessfully)
            {
                var polls = loading.Value.Result;
                lock (polls)
                {
                    foreach (var poll in polls.Values)
                    {
                        poll.Timer?.Dispose();
                    }
                }
            }
        }

        base.Dispose();
    }

    /// <summary>Pushes <c>pollUpdated</c> for every open poll whose counts changed since the last push.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var loading in _rooms.Values)
        {
            if (!loading.IsValueCreated || !loading.Value.IsCompletedSuccessfully)
            {
                continue;
            }

            var polls = loading.Value.Result;
            List<PollUpdatedMessage> updates = [];
            lock (polls)
            {
                foreach (var poll in polls.Values.Where(p => p.Changed && p.IsOpen))
                {
                    poll.Changed = false;
                    updates.Add(new PollUpdatedMessage(poll.RoomId, poll.Id, poll.CountsCopy(), poll.Total, time.GetUtcNow()));
                    PollChanged?.Invoke(poll.View());
                }
            }

            foreach (var update in updates)
            {
                await notifier.PublishAsync("pollUpdated", update, null, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static PollOutcome.Invalid? Validate(CreatePollRequest request)
    {
        if (request.Question?.Trim() is not { Length: >= 1 and <= 300 })
        {
            return new PollOutcome.Invalid("question", "question must be 1 to 300 characters.");
        }

        if (request.Options is not { Count: >= 2 and <= 10 } options)
        {
            return new PollOutcome.Invalid("options", "options must have 2 to 10 entries.");
        }

        if (options.Any(o => o?.Trim() is not { Length: >= 1 and <= 100 }))
        {
            return new PollOutcome.Invalid("options", "each option must be 1 to 100 characters.");
        }

        return request.DurationSec is < 5 or > 86400
            ? new PollOutcome.Invalid("durationSec", "durationSec must be between 5 and 86400.")
            : null;
    }

    private static PollOutcome.NotFound RoomNotFound(string roomId) => new("roomId", $"Room '{roomId}' does not exist.");

    private static PollOutcome.NotFound PollNotFound(string roomId, string pollId) => new("pollId", $"Room '{roomId}' has no poll '{pollId}'.");

    /// <summary>Starts the timer that ends an open poll with a duration; the caller holds the room's lock.</summary>
    private void Schedule(PollState poll)
    {
        if (poll.ClosesAt is not { } closesAt || !poll.IsOpen)
        {
            return;
        }

        var due = closesAt - time.GetUtcNow();
        poll.Timer = time.CreateTimer(_ => _ = CloseOnTimeAsync(poll), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task CloseOnTimeAsync(PollState poll)
    {
        try
        {
            await CloseAsync(poll.RoomId, poll.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCloseFailed(poll.RoomId, poll.Id, e);
        }
    }

    private async Task<Dictionary<string, PollState>> RoomAsync(string roomId, CancellationToken cancellationToken)
    {
        var loading = _rooms.GetOrAdd(roomId, id => new Lazy<Task<Dictionary<string, PollState>>>(() => LoadAsync(id)));
        try
        {
            return await loading.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (loading.Value.IsFaulted)
        {
            // A failed read is not kept: the next call reads again.
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Task<Dictionary<string, PollState>>>>(roomId, loading));
            throw;
        }
    }

    private async Task<Dictionary<string, PollState>> LoadAsync(string roomId)
    {
        // Not the caller's token: the load is shared by every caller asking about the room.
        var stored = await store.LoadPollsAsync(roomId, CancellationToken.None).ConfigureAwait(false);
        var votes = await store.LoadPollVotesAsync(roomId, CancellationToken.None).ConfigureAwait(false);
        var polls = new Dictionary<string, PollState>(StringComparer.Ordinal);
        foreach (var p in stored)
        {
            polls[p.Id] = new PollState(p.Id, p.RoomId, p.Question, [.. p.Options.Select(o => new PollOption(o.Id, o.Text))], p.CreatedAt, p.ClosesAt)
            {
                ClosedAt = string.Equals(p.Status, "open", StringComparison.Ordinal) ? null : p.ClosedAt ?? p.CreatedAt,
            };
        }

        foreach (var v in votes)
        {
            if (polls.TryGetValue(v.PollId, out var poll) && poll.Counts.TryGetValue(v.OptionId, out var count) && poll.Voters.Add(v.VoterId))
            {
                poll.Counts[v.OptionId] = count + 1;
            }
        }

        lock (polls)
        {
            foreach (var poll in polls.Values)
            {
                Schedule(poll);
            }
        }

        return polls;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing poll {PollId} of room {RoomId} at the end of its duration failed")]
    private partial void LogCloseFailed(string roomId, string pollId, Exception exception);
}
