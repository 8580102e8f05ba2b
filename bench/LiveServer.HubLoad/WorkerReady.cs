namespace LiveServer.HubLoad;

/// <summary>A load process's line once its viewers are in: how many joined, how many could not, and how long it took.</summary>
internal sealed record WorkerReady(int Connected, int Failed, int Retries, IReadOnlyList<string> Errors, double RampSeconds);
