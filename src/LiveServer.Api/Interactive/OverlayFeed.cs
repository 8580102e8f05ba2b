using System.Collections.Concurrent;
using System.Threading.Channels;
using LiveServer.Media.Compositing;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Feeds the overlays of each room's livestream (<c>config.overlays</c>) from the audience services:
/// every poll change (<see cref="PollService.PollChanged"/>: opened, counts pushed at most 4 a second,
/// closed) becomes an immutable <see cref="PollSnapshot"/>, and every reaction push
/// (<see cref="ReactionCounter.Flushed"/>) is added to the room's pending counts with one atomic swap.
/// </summary>
/// <remarks>
/// Poll changes arrive under the poll service's lock, so they are only noted there (the latest
/// snapshot per poll, a wake-up); this loop hands them to the room's <see cref="OverlayState"/>, where
/// an attached compositor lays out and renders the card, so neither votes nor the compositor's clock
/// wait for text rendering. A room whose state is new is given its newest open poll from the poll
/// service, so a livestream started mid-poll shows it without waiting for a vote.
/// </remarks>
public sealed partial class OverlayFeed : BackgroundService
{
    private readonly OverlayStates _states;
    private readonly PollService _polls;
    private readonly ReactionCounter _reactions;
    private readonly ILogger<OverlayFeed> _logger;
    private readonly ConcurrentDictionary<(string RoomId, string PollId), PollSnapshot> _pending = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Subscribes to the poll service and the reaction counter.</summary>
    public OverlayFeed(OverlayStates states, PollService polls, ReactionCounter reactions, ILogger<OverlayFeed> logger)
    {
        _states = states;
        _polls = polls;
        _reactions = reactions;
        _logger = logger;
        polls.PollChanged += OnPollChanged;
        reactions.Flushed += OnReactions;
    }

    /// <summary>The snapshot the overlay shows for <paramref name="view"/>: options in order with their votes.</summary>
    public static PollSnapshot ToSnapshot(PollView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new PollSnapshot(
            view.PollId,
            view.Question,
            [.. view.Options.Select(o => o.Text)],
            [.. view.Options.Select(o => view.Counts.GetValueOrDefault(o.Id))],
            view.Total,
            view.CreatedAt,
            view.ClosedAt);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _polls.PollChanged -= OnPollChanged;
        _reactions.Flushed -= OnReactions;
        base.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ShowPollsAsync(stoppingToken), SeedAsync(stoppingToken));

    private void OnPollChanged(PollView view)
    {
        _pending[(view.RoomId, view.PollId)] = ToSnapshot(view);
        _wake.Writer.TryWrite(true);
    }

    private void OnReactions(string roomId, IReadOnlyDictionary<string, long> counts) => _states.Find(roomId)?.AddReactions(counts);

    private async Task ShowPollsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _wake.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var key in _pending.Keys)
                {
                    if (_pending.TryRemove(key, out var snapshot))
                    {
                        Show(key.RoomId, snapshot);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Gives each room whose state was just made its newest open poll.</summary>
    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var roomId in _states.Created.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var open = await _polls.ListAsync(roomId, "open", cancellationToken).ConfigureAwait(false);
                    if (open is { Count: > 0 })
                    {
                        Show(roomId, ToSnapshot(open[0]));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogSeedFailed(roomId, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Show(string roomId, PollSnapshot snapshot)
    {
        try
        {
            _states.ForPoll(roomId).ShowPoll(snapshot);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One bad card costs its poll's overlay, never the loop.
            LogShowFailed(roomId, snapshot.PollId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The open poll of room {RoomId} could not be read for its overlay")]
    private partial void LogSeedFailed(string roomId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The overlay of poll {PollId} in room {RoomId} could not be drawn")]
    private partial void LogShowFailed(string roomId, string pollId, Exception exception);
}
