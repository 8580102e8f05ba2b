namespace LiveServer.Api.Participants;

/// <summary>Body of <c>POST /v2/rooms/{roomId}/test-participants</c>.</summary>
/// <param name="Name">Display name, drawn into the picture (1–64 characters).</param>
/// <param name="Pattern"><c>testsrc</c> (moving test pattern, default), <c>color</c>, or <c>counter</c> (the frame's index in
/// its 10 s clip as white blocks, one bit each, for latency measurements).</param>
/// <param name="Color"><c>#rrggbb</c>; with <c>pattern: color</c> the solid colour of the picture.</param>
/// <param name="ToneHz">The tone's frequency, 50–8000 Hz; a different default for each participant.</param>
/// <param name="Width">Picture width, even, 64–1920 (default 640).</param>
/// <param name="Height">Picture height, even, 64–1920 (default 360).</param>
/// <param name="Fps">Frames per second, 1–60 (default 30).</param>
/// <param name="Speech">When the participant talks (the tone plays); null: all the time.</param>
public sealed record CreateTestParticipantRequest(
    string? Name,
    string? Pattern = null,
    string? Color = null,
    int? ToneHz = null,
    int? Width = null,
    int? Height = null,
    int? Fps = null,
    SpeechRequest? Speech = null);
