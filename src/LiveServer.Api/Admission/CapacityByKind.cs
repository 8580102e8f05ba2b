namespace LiveServer.Api.Admission;

/// <summary>Admission per kind of livestream.</summary>
/// <param name="Low">360p video and audio.</param>
/// <param name="Med">720p video and audio.</param>
/// <param name="High">1080p video and audio.</param>
/// <param name="Audio">Audio only.</param>
public sealed record CapacityByKind(bool Low, bool Med, bool High, bool Audio);
