namespace LiveServer.HubLoad;

/// <summary>The messages sent in one second of the load, and their time to the last viewer.</summary>
internal sealed record SecondFigures(int Second, int Messages, Percentiles LastViewer);
