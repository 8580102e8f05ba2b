namespace LiveServer.Media.TestSources;

/// <summary>What a synthetic test host shows and sounds like.</summary>
/// <param name="Name">Drawn into the picture.</param>
/// <param name="Color">A <c>#rrggbb</c> solid colour for <see cref="TestPattern.Color"/>; ignored by the other patterns.</param>
/// <param name="ToneHz">The tone's frequency.</param>
/// <param name="Width">Picture width (even).</param>
/// <param name="Height">Picture height (even).</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="Speech">When the tone plays; null plays it all the time.</param>
/// <param name="Pattern">What the picture shows.</param>
public sealed record TestParticipantSettings(
    string Name,
    string? Color,
    int ToneHz,
    int Width,
    int Height,
    int Fps,
    SpeechSchedule? Speech = null,
    TestPattern Pattern = TestPattern.Moving);
