namespace LiveServer.Media.Audio;

/// <summary>One participant's audio level at one instant, as the speaker detector is fed it.</summary>
/// <param name="ParticipantId">The participant.</param>
/// <param name="LevelDbov">Its level in -dBov (RFC 6464 scale: 0 loudest … 127 silence).</param>
public readonly record struct ParticipantLevel(string ParticipantId, int LevelDbov);
