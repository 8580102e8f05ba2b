using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.HubLoad;

/// <summary>
/// A viewer on the .NET SignalR client (<c>--client signalr</c>): what an app built on it does, and the
/// cross-check of <see cref="RawViewer"/>'s parsing; under heavy load on a small machine it falls behind first.
/// </summary>
internal static class SignalRViewer
{
    public static async Task<IAsyncDisposable> JoinAsync(Uri server, string roomId, string token, int viewer, ViewerStats stats, Func<bool> stopping)
    {
        var connection = HubConnections.Create(server, token);
        connection.On<ChatPayload>("pubsubMessage", chat =>
        {
            var now = DateTime.UtcNow.Ticks;
            if (ChatStamp.TryParse(chat.Message, out var number, out var sent))
            {
                stats.Chat(now, number, sent, chat.At.UtcTicks);
            }
            else
            {
                stats.ForeignChat();
            }
        });
        connection.On<ReactionsPayload>("reactions", r => stats.Reactions(viewer, DateTime.UtcNow.Ticks, r.At.UtcTicks, r.Counts?.Values.Sum() ?? 0));
        connection.On<PollUpdatedPayload>("pollUpdated", p =>
        {
            if (p.PollId is { } pollId)
            {
                stats.PollUpdated(viewer, pollId, p.Total, DateTime.UtcNow.Ticks);
            }
        });
        try
        {
            await connection.StartAsync();
            await connection.InvokeCoreAsync("JoinRoom", typeof(JsonElement), [roomId]);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        connection.Closed += error =>
        {
            if (!stopping())
            {
                stats.ConnectionClosed(error);
            }

            return Task.CompletedTask;
        };
        return connection;
    }
}
