namespace LiveServer.Api.Admission;

/// <summary>Estimated cores per kind of livestream.</summary>
/// <param name="Low">360p video and audio.</param>
/// <param name="Med">720p video and audio.</param>
/// <param name="High">1080p video and audio.</param>
/// <param name="Audio">Audio only.</param>
public sealed record CostByKind(double Low, double Med, double High, double Audio);
