// RFC 8216bis (draft-pantos-hls-rfc8216bis) section 4.4.5.1, EXT-X-DATERANGE: what one tag says.
// Values are made safe here, once, so every playlist writes the same tag for the same ID: a
// quoted-string cannot hold '"', CR or LF (section 4.2); a client attribute name is "X-" followed by
// A-Z, 0-9 and '-'. Left out: DURATION, PLANNED-DURATION, END-ON-NEXT, SCTE35-*, CUE (not needed
// for marks, which always know their end once they have one).
using System.Text;

namespace LiveServer.Hls.Playlists;

/// <summary>
/// A date range of a livestream: an <c>#EXT-X-DATERANGE</c> tag's ID, CLASS, START-DATE, END-DATE
/// (once known) and client attributes. Made with <see cref="Create"/>, which makes every value
/// writable; immutable.
/// </summary>
public sealed record DateRange
{
    private DateRange(string id, string @class, DateTimeOffset startDate, DateTimeOffset? endDate, IReadOnlyList<KeyValuePair<string, string>> clientAttributes)
    {
        Id = id;
        Class = @class;
        StartDate = startDate;
        EndDate = endDate;
        ClientAttributes = clientAttributes;
    }

    /// <summary>ID: unique within the playlist (a later tag with the same ID describes the same range).</summary>
    public string Id { get; }

    /// <summary>CLASS; empty for none.</summary>
    public string Class { get; }

    /// <summary>START-DATE.</summary>
    public DateTimeOffset StartDate { get; }

    /// <summary>END-DATE, never before <see cref="StartDate"/>; null while the range goes on.</summary>
    public DateTimeOffset? EndDate { get; }

    /// <summary>The <c>X-</c> attributes, ordered by name (ordinal), names unique.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ClientAttributes { get; }

    /// <summary>
    /// A range with writable values: <c>"</c> becomes <c>'</c> and CR, LF and other control characters
    /// a space, in the ID, CLASS and every value; attribute names are upper-cased, any character other
    /// than A-Z, 0-9 and <c>-</c> becomes <c>-</c>, and <c>X-</c> is put in front where missing (a name
    /// with nothing after <c>X-</c> is left out; of two names that become one, the first in order wins).
    /// An END-DATE before the START-DATE is moved to it.
    /// </summary>
    /// <exception cref="ArgumentException">The ID is empty or blank once made safe.</exception>
    public static DateRange Create(
        string id, string? @class, DateTimeOffset startDate, IEnumerable<KeyValuePair<string, string>>? attributes, DateTimeOffset? endDate = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        var safeId = QuotedString(id);
        if (string.IsNullOrWhiteSpace(safeId))
        {
            throw new ArgumentException("A date range needs an ID.", nameof(id));
        }

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes ?? [])
        {
            if (ClientName(name) is { } safe)
            {
                names.TryAdd(safe, QuotedString(value ?? string.Empty));
            }
        }

        var end = endDate is { } e && e < startDate ? startDate : endDate;
        return new DateRange(safeId, QuotedString(@class ?? string.Empty), startDate, end, [.. names]);
    }

    /// <summary>
    /// The same range once <paramref name="later"/> (same ID) came: CLASS, START-DATE and every value
    /// stay as they are (RFC 8216bis: tags with the same ID must agree on the attributes both have);
    /// it takes the END-DATE when it has none yet, and attributes it does not have.
    /// </summary>
    public DateRange With(DateRange later)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (later.Id != Id)
        {
            throw new ArgumentException($"Date range '{later.Id}' is not '{Id}'.", nameof(later));
        }

        var added = later.ClientAttributes.Where(a => !ClientAttributes.Any(b => b.Key == a.Key)).ToList();
        var end = EndDate ?? (later.EndDate is { } e && e < StartDate ? StartDate : later.EndDate);
        if (added.Count == 0 && end == EndDate)
        {
            return this;
        }

        return new DateRange(Id, Class, StartDate, end, [.. ClientAttributes.Concat(added).OrderBy(a => a.Key, StringComparer.Ordinal)]);
    }

    /// <summary>True when any of the range lies at or after <paramref name="from"/> (a range with no end yet only when it starts there).</summary>
    public bool Reaches(DateTimeOffset from) => StartDate >= from || EndDate >= from;

    private static string QuotedString(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => '\'',
                _ when char.IsControl(c) => ' ',
                _ => c,
            });
        }

        return text.ToString();
    }

    private static string? ClientName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var text = new StringBuilder(name.Length + 2);
        foreach (var c in name.ToUpperInvariant())
        {
            text.Append(c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' ? c : '-');
        }

        var safe = text.ToString();
        if (!safe.StartsWith("X-", StringComparison.Ordinal))
        {
            safe = "X-" + safe;
        }

        return safe.Length > 2 ? safe : null;
    }
}
