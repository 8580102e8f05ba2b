using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>A hub connection joined to a room, recording every event of the methods it listens to.</summary>
public sealed class RoomMember : IAsyncDisposable
{
    /// <summary>The events the stage and ban tests look at.</summary>
    public static readonly string[] Methods =
    [
        "stageRequested", "stageRequestCancelled", "stageInvite", "stageInvited", "stageRemoved",
        "participantJoined", "participantLeft", "participantBanned", "participantUnbanned",
    ];

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly List<(string Method, JsonElement Message)> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private RoomMember(HubConnection hub)
    {
        Hub = hub;
        foreach (var method in Methods)
        {
            hub.On<JsonElement>(method, m =>
            {
                lock (_events)
                {
                    _events.Add((method, m));
                }

                _arrived.Release();
            });
        }
    }

    public HubConnection Hub { get; }

    /// <summary>The <c>JoinRoom</c> answer.</summary>
    public JsonElement Snapshot { get; private set; }

    /// <summary>Connects with <paramref name="token"/> and joins <paramref name="roomId"/>.</summary>
    public static async Task<RoomMember> JoinAsync(LiveServerFactory factory, string roomId, string token)
    {
        var member = new RoomMember(factory.CreateHubConnection(token));
        await member.Hub.StartAsync();
        member.Snapshot = await member.Hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        return member;
    }

    /// <summary>The events of <paramref name="method"/> received so far.</summary>
    public IReadOnlyList<JsonElement> Received(string method)
    {
        lock (_events)
        {
            return [.. _events.Where(e => e.Method == method).Select(e => e.Message)];
        }
    }

    /// <summary>The first <paramref name="method"/> event not yet taken (for <paramref name="participantId"/>, when given).</summary>
    public async Task<JsonElement> NextAsync(string method, string? participantId = null)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            lock (_events)
            {
                var i = _events.FindIndex(e => e.Method == method
                    && (participantId is null || e.Message.GetProperty("participantId").GetString() == participantId));
                if (i >= 0)
                {
                    var found = _events[i].Message;
                    _events.RemoveAt(i);
                    return found;
                }
            }

            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await _arrived.WaitAsync(left), $"No {method} within {Wait}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _arrived.Dispose();
    }
}
