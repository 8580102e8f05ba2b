namespace LiveServer.Media.Livestreams;

/// <summary>A new active speaker of a livestream, as <see cref="LivestreamPipeline.SpeakerChanged"/> reports it.</summary>
/// <param name="ParticipantId">The participant who took the floor.</param>
/// <param name="Name">Its display name.</param>
/// <param name="At">When the detector decided.</param>
public sealed record SpeakerChange(string ParticipantId, string Name, DateTimeOffset At);
