using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using LiveServer.Api.Auth;
using LiveServer.Api.Livestreams;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Rooms;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The Q&amp;A: the audience asks (<c>questionAsked</c>) and upvotes, once per identity and never its own
/// question; a moderator answers (optionally with a text answer) or hides a question, each pushed at once
/// as <c>questionUpdated</c>, and an answer becomes a timed mark on the room's running livestream.
/// Upvotes are coalesced: a question's new count goes out at most every <see cref="UpdateInterval"/>, so
/// an upvote storm costs a set insert each. A room's questions and upvotes are read from the store on
/// first use and kept in memory; asks and upvotes are written behind (<see cref="StoreWriter.Post"/>),
/// answers and hides are committed before they are announced. Every question event of a room is
/// published under the room's gate, so a coalesced upvote count can never overtake an answer or a hide.
/// </summary>
public sealed partial class QuestionService(
    RoomRegistry rooms,
    RoomNotifier notifier,
    StoreWriter writer,
    ILiveStore store,
    ITimedMarks marks,
    IOptions<QuestionOptions> options,
    TimeProvider time,
    ILogger<QuestionService> logger) : BackgroundService
{
    /// <summary>The most characters (Unicode scalar values) a question may have.</summary>
    public const int MaxTextLength = 300;

    /// <summary>The most characters a text answer may have.</summary>
    public const int MaxAnswerLength = 1000;

    /// <summary>The timed mark class of an answered question.</summary>
    public const string MarkClass = "com.liveserver.question";

    /// <summary>How often changed upvote counts are pushed.</summary>
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, Lazy<Task<QuestionRoom>>> _rooms = new(StringComparer.Ordinal);
    private readonly PartitionedRateLimiter<string> _perAsker = SenderBuckets.Create(
        options.Value.QuestionBurst, TimeSpan.FromMinutes(1) / options.Value.QuestionsPerMinute);

    /// <summary>The identity an upvote (and the ask rate) is counted under: the token's participant, else <c>moderator:</c> and the address.</summary>
    public static string IdentityOf(ClaimsPrincipal user, string clientAddress)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.RestrictedParticipant() ?? "moderator:" + clientAddress;
    }

    /// <summary>Asks <paramref name="text"/> (trimmed) in <paramref name="roomId"/> as <paramref name="user"/> and announces <c>questionAsked</c>.</summary>
    public async Task<QuestionOutcome> AskAsync(string roomId, string? text, ClaimsPrincipal user, string clientAddress, CancellationToken cancellationToken)
    {
        var question = text?.Trim();
        if (string.IsNullOrEmpty(question) || question.EnumerateRunes().Count() > MaxTextLength)
        {
            return new QuestionOutcome.Invalid("text", $"text must be 1 to {MaxTextLength} characters (after trimming).");
        }

        if (rooms.Find(roomId) is null)
        {
            return RoomNotFound(roomId);
        }

        using (var lease = _perAsker.AttemptAcquire(SenderBuckets.Key(roomId, IdentityOf(user, clientAddress))))
        {
            if (!lease.IsAcquired)
            {
                return new QuestionOutcome.Limited(
                    SenderBuckets.RetryAfter(lease), "Too many questions from this sender (Interactive:QuestionsPerMinute, Interactive:QuestionBurst).");
            }
        }

        var room = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        var asker = PubsubSender.Of(user);
        await room.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            QuestionView view;
            lock (room)
            {
                var state = new QuestionState(
                    "q_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), roomId, question, asker.Id, asker.Name, time.GetUtcNow(), room.NextOrder++);
                room.Questions.Add(state.Id, state);
                view = state.View();
            }

            writer.Post(new StoreWrite.SaveQuestion(new StoredQuestion(
                view.QuestionId, roomId, view.Text, view.AskerId, view.AskerName, view.Status, view.AskedAt, null, null, null)));
            await notifier.PublishAsync("questionAsked", new QuestionAskedMessage(roomId, view, view.AskedAt), null, null, CancellationToken.None)
                .ConfigureAwait(false);
            return new QuestionOutcome.Done(view);
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>
    /// Counts <paramref name="voterId"/>'s upvote. A second upvote of the same identity, or the asker's
    /// own (<paramref name="participantId"/> is the asker), is a conflict; a hidden question is not found
    /// unless <paramref name="moderator"/> asks (then a conflict).
    /// </summary>
    public async Task<QuestionOutcome> UpvoteAsync(
        string roomId, string questionId, string voterId, string? participantId, bool moderator, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is null)
        {
            return RoomNotFound(roomId);
        }

        var room = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        QuestionView view;
        lock (room)
        {
            if (!room.Questions.TryGetValue(questionId, out var question) || (question.Status == QuestionState.Hidden && !moderator))
            {
                return QuestionNotFound(roomId, questionId);
            }

            if (question.Status == QuestionState.Hidden)
            {
                return new QuestionOutcome.Conflict("questionId", $"Question '{questionId}' is hidden.");
            }

            if (participantId is not null && string.Equals(participantId, question.AskerId, StringComparison.Ordinal))
            {
                return new QuestionOutcome.Conflict("questionId", "The asker cannot upvote its own question.");
            }

            if (!question.Upvoters.Add(voterId))
            {
                return new QuestionOutcome.Conflict("questionId", "This identity has already upvoted the question.");
            }

            question.Changed = true;
            room.Changed = true;
            view = question.View();
        }

        writer.Post(new StoreWrite.SaveQuestionUpvote(new StoredQuestionUpvote(questionId, voterId, time.GetUtcNow())));
        return new QuestionOutcome.Done(view);
    }

    /// <summary>
    /// Marks an open question answered (with <paramref name="answer"/>, trimmed, when it has text),
    /// announces <c>questionUpdated</c> and marks the moment on the room's running livestream.
    /// </summary>
    public async Task<QuestionOutcome> AnswerAsync(string roomId, string questionId, string? answer, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(answer) ? null : answer.Trim();
        if (text is not null && text.EnumerateRunes().Count() > MaxAnswerLength)
        {
            return new QuestionOutcome.Invalid("answer", $"answer must be at most {MaxAnswerLength} characters.");
        }

        var outcome = await ChangeAsync(roomId, questionId, question =>
        {
            if (question.Status != QuestionState.Open)
            {
                return $"Question '{questionId}' is {question.Status} already.";
            }

            question.Status = QuestionState.Answered;
            question.AnsweredAt = time.GetUtcNow();
            question.Answer = text;
            return null;
        }, view => new StoreWrite.AnswerQuestion(view.QuestionId, view.AnsweredAt!.Value, view.Answer), cancellationToken).ConfigureAwait(false);
        if (outcome is QuestionOutcome.Done(var answered))
        {
            Mark(answered);
        }

        return outcome;
    }

    /// <summary>Hides an open or answered question (the audience no longer sees it) and announces <c>questionUpdated</c>.</summary>
    public Task<QuestionOutcome> HideAsync(string roomId, string questionId, CancellationToken cancellationToken) =>
        ChangeAsync(roomId, questionId, question =>
        {
            if (question.Status == QuestionState.Hidden)
            {
                return $"Question '{questionId}' is hidden already.";
            }

            question.Status = QuestionState.Hidden;
            return null;
        }, view => new StoreWrite.HideQuestion(view.QuestionId, time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// A page of the room's questions: <paramref name="sort"/> <c>top</c> (most upvotes first, then
    /// the earliest asked) or <c>new</c> (the latest asked first); hidden ones only when
    /// <paramref name="includeHidden"/>. Null when the room does not exist.
    /// </summary>
    public async Task<PageResponse<QuestionView>?> ListAsync(
        string roomId, string sort, bool includeHidden, int page, int perPage, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is null)
        {
            return null;
        }

        var room = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        List<QuestionView> views;
        lock (room)
        {
            var visible = room.Questions.Values.Where(q => includeHidden || q.Status != QuestionState.Hidden);
            var ordered = string.Equals(sort, "new", StringComparison.Ordinal)
                ? visible.OrderByDescending(q => q.AskedAt).ThenByDescending(q => q.Order)
                : visible.OrderByDescending(q => q.Upvoters.Count).ThenBy(q => q.AskedAt).ThenBy(q => q.Order);
            views = [.. ordered.Select(q => q.View())];
        }

        var lastPage = Math.Max(1, (views.Count + perPage - 1) / perPage);
        return new PageResponse<QuestionView>(
            new PageInfo(page, perPage, lastPage, views.Count), [.. views.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * perPage)).Take(perPage)]);
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
        _perAsker.Dispose();
        base.Dispose();
    }

    /// <summary>Pushes <c>questionUpdated</c> for every question whose upvotes changed since the last push.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var loading in _rooms.Values)
        {
            if (!loading.IsValueCreated || !loading.Value.IsCompletedSuccessfully || !loading.Value.Result.Changed)
            {
                continue;
            }

            var room = loading.Value.Result;
            await room.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                List<QuestionView> updates;
                lock (room)
                {
                    room.Changed = false;
                    updates = [.. room.Questions.Values.Where(q => q.Changed).Select(q => q.View())];
                    foreach (var question in room.Questions.Values)
                    {
                        question.Changed = false;
                    }
                }

                foreach (var update in updates)
                {
                    await notifier.PublishAsync("questionUpdated", new QuestionUpdatedMessage(update.RoomId, update, time.GetUtcNow()), null, null, cancellationToken)
                        .ConfigureAwait(false);
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
    }

    /// <summary>
    /// Applies a moderator's change under the room's gate: <paramref name="change"/> answers why it
    /// cannot be made (a conflict) or null once made; the store write is committed, then announced.
    /// </summary>
    private async Task<QuestionOutcome> ChangeAsync(
        string roomId, string questionId, Func<QuestionState, string?> change, Func<QuestionView, StoreWrite> write, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is null)
        {
            return RoomNotFound(roomId);
        }

        var room = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        await room.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            QuestionView view;
            lock (room)
            {
                if (!room.Questions.TryGetValue(questionId, out var question))
                {
                    return QuestionNotFound(roomId, questionId);
                }

                if (change(question) is { } conflict)
                {
                    return new QuestionOutcome.Conflict("questionId", conflict);
                }

                // This event carries the upvotes too: nothing is left for the coalesced push.
                question.Changed = false;
                view = question.View();
            }

            // Made in memory: from here it is stored and announced whatever the caller does.
            await writer.WriteAsync(write(view)).ConfigureAwait(false);
            await notifier.PublishAsync("questionUpdated", new QuestionUpdatedMessage(roomId, view, time.GetUtcNow()), null, null, CancellationToken.None)
                .ConfigureAwait(false);
            return new QuestionOutcome.Done(view);
        }
        finally
        {
            room.Gate.Release();
        }
    }

    private void Mark(QuestionView answered)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-QUESTION-ID"] = answered.QuestionId, ["X-TEXT"] = answered.Text };
        if (answered.Answer is { } answer)
        {
            attributes["X-ANSWER"] = answer;
        }

        try
        {
            marks.Mark(answered.RoomId, new TimedMark(answered.QuestionId, MarkClass, answered.AnsweredAt!.Value, attributes));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The answer is stored and announced; a livestream that cannot take the mark does not undo it.
            LogMarkFailed(answered.RoomId, answered.QuestionId, e);
        }
    }

    private static QuestionOutcome.NotFound RoomNotFound(string roomId) => new("roomId", $"Room '{roomId}' does not exist.");

    private static QuestionOutcome.NotFound QuestionNotFound(string roomId, string questionId) =>
        new("questionId", $"Room '{roomId}' has no question '{questionId}'.");

    private async Task<QuestionRoom> RoomAsync(string roomId, CancellationToken cancellationToken)
    {
        var loading = _rooms.GetOrAdd(roomId, id => new Lazy<Task<QuestionRoom>>(() => LoadAsync(id)));
        try
        {
            return await loading.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (loading.Value.IsFaulted)
        {
            // A failed read is not kept: the next call reads again.
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Task<QuestionRoom>>>(roomId, loading));
            throw;
        }
    }

    private async Task<QuestionRoom> LoadAsync(string roomId)
    {
        // Not the caller's token: the load is shared by every caller asking about the room.
        var stored = await store.LoadQuestionsAsync(roomId, CancellationToken.None).ConfigureAwait(false);
        var upvotes = await store.LoadQuestionUpvotesAsync(roomId, CancellationToken.None).ConfigureAwait(false);
        var room = new QuestionRoom();
        foreach (var q in stored)
        {
            room.Questions[q.Id] = new QuestionState(q.Id, q.RoomId, q.Text, q.AskerId, q.AskerName, q.AskedAt, room.NextOrder++)
            {
                Status = q.Status,
                AnsweredAt = q.AnsweredAt,
                Answer = q.Answer,
            };
        }

        foreach (var u in upvotes)
        {
            if (room.Questions.TryGetValue(u.QuestionId, out var question))
            {
                question.Upvoters.Add(u.VoterId);
            }
        }

        return room;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mark the answer to question {QuestionId} of room {RoomId} on its livestream")]
    private partial void LogMarkFailed(string roomId, string questionId, Exception exception);
}
