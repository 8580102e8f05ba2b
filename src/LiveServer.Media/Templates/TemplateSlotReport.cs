using System.Text.Json;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Templates;

/// <summary>
/// Reads what a page passed to <c>window.__liveserverSlots(json)</c>: a JSON array of
/// <c>{"slot":0 | "participant":"id", "x", "y", "width", "height" (CSS px of the viewport), "fit":"cover"|"contain"}</c>.
/// The page is not trusted: a report that is not such an array, or has more than
/// <see cref="MaxSlots"/> entries, is refused whole; an entry without a slot or participant, with a
/// negative or non-finite size or an unknown fit is left out; rectangles are rounded to whole
/// pixels and clipped to the viewport, and one left empty is left out. Never throws.
/// </summary>
public static class TemplateSlotReport
{
    /// <summary>The most entries a report may have.</summary>
    public const int MaxSlots = 25;

    private const int MaxParticipantIdLength = 128;

    /// <summary>The slots of <paramref name="json"/>, or null and why (<paramref name="problem"/>) when it is refused.</summary>
    /// <param name="json">What the page passed.</param>
    /// <param name="width">Viewport width.</param>
    /// <param name="height">Viewport height.</param>
    /// <param name="problem">Why the report or some of its entries were refused; null when all was well.</param>
    public static IReadOnlyList<TemplateSlot>? Parse(string? json, int width, int height, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(json) || json.Length > 64 * 1024)
        {
            problem = "the report is empty or over 64 KiB";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                problem = "the report is not a JSON array";
                return null;
            }

            if (root.GetArrayLength() > MaxSlots)
            {
                problem = $"the report has {root.GetArrayLength()} entries, more than {MaxSlots}";
                return null;
            }

            var slots = new List<TemplateSlot>();
            var index = 0;
            foreach (var entry in root.EnumerateArray())
            {
                var slot = ReadEntry(entry, width, height, out var entryProblem);
                if (slot is { } found)
                {
                    slots.Add(found);
                }
                else
                {
                    problem ??= $"entry {index}: {entryProblem}";
                }

                index++;
            }

            return slots;
        }
        catch (JsonException e)
        {
            problem = $"the report is not valid JSON ({e.Message})";
            return null;
        }
    }

    private static TemplateSlot? ReadEntry(JsonElement entry, int width, int height, out string? problem)
    {
        problem = null;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            problem = "not an object";
            return null;
        }

        int? slot = entry.TryGetProperty("slot", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) && n >= 0 ? n : null;
        var participant = entry.TryGetProperty("participant", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (participant is { Length: 0 or > MaxParticipantIdLength })
        {
            participant = null;
        }

        if (slot is null && participant is null)
        {
            problem = "neither a slot number (0 or more) nor a participant id";
            return null;
        }

        if (!TryNumber(entry, "x", out var x) || !TryNumber(entry, "y", out var y)
            || !TryNumber(entry, "width", out var w) || !TryNumber(entry, "height", out var h))
        {
            problem = "x, y, width and height must be finite numbers";
            return null;
        }

        if (w < 0 || h < 0)
        {
            problem = "negative size";
            return null;
        }

        var fit = TileFit.Cover;
        if (entry.TryGetProperty("fit", out var f) && f.ValueKind != JsonValueKind.Null)
        {
            switch (f.ValueKind == JsonValueKind.String ? f.GetString() : null)
            {
                case "cover":
                    break;
                case "contain":
                    fit = TileFit.Contain;
                    break;
                default:
                    problem = "fit must be \"cover\" or \"contain\"";
                    return null;
            }
        }

        var left = Clamp(x, width);
        var top = Clamp(y, height);
        var right = Clamp(x + w, width);
        var bottom = Clamp(y + h, height);
        if (right <= left || bottom <= top)
        {
            problem = "empty once clipped to the viewport";
            return null;
        }

        return new TemplateSlot(slot, participant, new PixelRect(left, top, right - left, bottom - top), fit);
    }

    private static bool TryNumber(JsonElement entry, string name, out double value)
    {
        value = 0;
        return entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out value) && double.IsFinite(value);
    }

    private static int Clamp(double value, int limit) => (int)Math.Clamp(Math.Round(value), 0, limit);
}
