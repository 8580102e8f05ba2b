using LiveServer.Domain.Livestreams;

namespace LiveServer.Domain.Tests.Livestreams;

public sealed class LivestreamStateMachineTests
{
    private static readonly HashSet<(LivestreamStatus From, LivestreamStatus To)> Allowed =
    [
        (LivestreamStatus.Starting, LivestreamStatus.Started),
        (LivestreamStatus.Started, LivestreamStatus.Playable),
        (LivestreamStatus.Starting, LivestreamStatus.Stopping),
        (LivestreamStatus.Started, LivestreamStatus.Stopping),
        (LivestreamStatus.Playable, LivestreamStatus.Stopping),
        (LivestreamStatus.Stopping, LivestreamStatus.Stopped),
        (LivestreamStatus.Starting, LivestreamStatus.Failed),
        (LivestreamStatus.Started, LivestreamStatus.Failed),
        (LivestreamStatus.Playable, LivestreamStatus.Failed),
        (LivestreamStatus.Stopping, LivestreamStatus.Failed),
    ];

    public static TheoryData<LivestreamStatus, LivestreamStatus> AllowedMoves()
    {
        var data = new TheoryData<LivestreamStatus, LivestreamStatus>();
        foreach (var (from, to) in Allowed)
        {
            data.Add(from, to);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void CanMove_AllowedTransition_ReturnsTrue(LivestreamStatus from, LivestreamStatus to)
    {
        Assert.True(LivestreamStateMachine.CanMove(from, to));
    }

    [Theory]
    [InlineData(LivestreamStatus.Starting, LivestreamStatus.Playable)]
    [InlineData(LivestreamStatus.Starting, LivestreamStatus.Stopped)]
    [InlineData(LivestreamStatus.Started, LivestreamStatus.Starting)]
    [InlineData(LivestreamStatus.Started, LivestreamStatus.Stopped)]
    [InlineData(LivestreamStatus.Playable, LivestreamStatus.Started)]
    [InlineData(LivestreamStatus.Playable, LivestreamStatus.Stopped)]
    [InlineData(LivestreamStatus.Stopping, LivestreamStatus.Playable)]
    [InlineData(LivestreamStatus.Stopping, LivestreamStatus.Starting)]
    [InlineData(LivestreamStatus.Stopped, LivestreamStatus.Starting)]
    [InlineData(LivestreamStatus.Stopped, LivestreamStatus.Failed)]
    [InlineData(LivestreamStatus.Failed, LivestreamStatus.Stopped)]
    [InlineData(LivestreamStatus.Failed, LivestreamStatus.Starting)]
    public void CanMove_ForbiddenTransition_ReturnsFalse(LivestreamStatus from, LivestreamStatus to)
    {
        Assert.False(LivestreamStateMachine.CanMove(from, to));
    }

    [Fact]
    public void CanMove_EveryPairOutsideTheAllowedSet_ReturnsFalse()
    {
        var unexpected = new List<string>();
        foreach (var from in Enum.GetValues<LivestreamStatus>())
        {
            foreach (var to in Enum.GetValues<LivestreamStatus>())
            {
                if (LivestreamStateMachine.CanMove(from, to) != Allowed.Contains((from, to)))
                {
                    unexpected.Add($"{from}->{to}");
                }
            }
        }

        Assert.Empty(unexpected);
    }

    [Theory]
    [InlineData(LivestreamStatus.Starting)]
    [InlineData(LivestreamStatus.Started)]
    [InlineData(LivestreamStatus.Playable)]
    [InlineData(LivestreamStatus.Stopping)]
    [InlineData(LivestreamStatus.Stopped)]
    [InlineData(LivestreamStatus.Failed)]
    public void CanMove_SameState_ReturnsFalse(LivestreamStatus status)
    {
        Assert.False(LivestreamStateMachine.CanMove(status, status));
    }

    [Theory]
    [InlineData(LivestreamStatus.Stopped, true)]
    [InlineData(LivestreamStatus.Failed, true)]
    [InlineData(LivestreamStatus.Starting, false)]
    [InlineData(LivestreamStatus.Started, false)]
    [InlineData(LivestreamStatus.Playable, false)]
    [InlineData(LivestreamStatus.Stopping, false)]
    public void IsFinal_Status_TrueOnlyForStoppedAndFailed(LivestreamStatus status, bool expected)
    {
        Assert.Equal(expected, LivestreamStateMachine.IsFinal(status));
    }

    [Theory]
    [InlineData(LivestreamStatus.Stopped)]
    [InlineData(LivestreamStatus.Failed)]
    public void CanMove_FromFinalState_NothingIsAllowed(LivestreamStatus final)
    {
        Assert.DoesNotContain(Enum.GetValues<LivestreamStatus>(), to => LivestreamStateMachine.CanMove(final, to));
    }
}
