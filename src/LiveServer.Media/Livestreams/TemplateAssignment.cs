namespace LiveServer.Media.Livestreams;

/// <summary>Who a template's slot shows, as the page is told (<c>LiveServer.template.on('slots', …)</c>).</summary>
/// <param name="Slot">The slot's number (<c>data-liveserver-slot</c>); null for a <c>data-liveserver-participant</c> slot.</param>
/// <param name="ParticipantId">The participant shown.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Speaking">True while it is the active speaker.</param>
public sealed record TemplateAssignment(int? Slot, string ParticipantId, string Name, bool Speaking);
