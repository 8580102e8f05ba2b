namespace LiveServer.HubLoad;

/// <summary>
/// One load process's figures, sent to the coordinator as one JSON line. Arrays indexed by message
/// number cover the run's chat; arrays indexed by viewer cover this process's share.
/// </summary>
/// <param name="Connected">Viewers that joined the room.</param>
/// <param name="Closed">Of those, connections that closed before the coordinator said stop.</param>
/// <param name="CloseReasons">The first few reasons.</param>
/// <param name="ForeignChat">pubsubMessage events that were not the bench's chat.</param>
/// <param name="WebSocketMessages">WebSocket messages the light viewers read (0 with the SignalR client).</param>
/// <param name="Records">SignalR records in them.</param>
/// <param name="ChatFromSend">Arrival − sender's stamp.</param>
/// <param name="ChatFromServer">Arrival − the event's <c>at</c>.</param>
/// <param name="ReactionsFromServer">Arrival of <c>reactions</c> − its <c>at</c>.</param>
/// <param name="Received">Per message: viewers of this process that got it.</param>
/// <param name="LastArrival">Per message: when the last of them got it (UTC ticks; 0: none).</param>
/// <param name="ReactionSum">Per viewer: reactions counted in the <c>reactions</c> events it got.</param>
/// <param name="ReactionEvents">Per viewer: <c>reactions</c> events it got.</param>
/// <param name="Polls">Per poll id: each viewer's highest total seen and when it first saw it.</param>
/// <param name="CpuSeconds">This process's CPU time so far.</param>
internal sealed record WorkerReport(
    int Connected,
    int Closed,
    IReadOnlyList<string> CloseReasons,
    long ForeignChat,
    long WebSocketMessages,
    long Records,
    HistogramData ChatFromSend,
    HistogramData ChatFromServer,
    HistogramData ReactionsFromServer,
    IReadOnlyList<int> Received,
    IReadOnlyList<long> LastArrival,
    IReadOnlyList<long> ReactionSum,
    IReadOnlyList<long> ReactionEvents,
    IReadOnlyDictionary<string, PollReport> Polls,
    double CpuSeconds);
