using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Templates;

/// <summary>
/// A rectangle where the page wants video: the layout's slot <paramref name="Index"/>
/// (<c>data-liveserver-slot</c>) or one participant (<c>data-liveserver-participant</c>), in output
/// pixels, clipped to the page.
/// </summary>
/// <param name="Index">The slot number, or null for a participant's slot.</param>
/// <param name="ParticipantId">The participant, or null for a numbered slot.</param>
/// <param name="Rect">Where, in output pixels (inside the viewport, not empty).</param>
/// <param name="Fit">How the picture fills it.</param>
public readonly record struct TemplateSlot(int? Index, string? ParticipantId, PixelRect Rect, TileFit Fit);
