using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LiveServer.Storage.Sqlite;

/// <summary>How values are written to and read from SQLite columns: times as sortable UTC text.</summary>
internal static class SqliteValues
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>A time as stored: UTC, fixed width, so text order is time order.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>An optional time as stored.</summary>
    public static object Time(DateTimeOffset? at) => at is { } value ? Time(value) : DBNull.Value;

    /// <summary>Adds <c>$name</c> = <paramref name="value"/> (null as SQL NULL).</summary>
    public static void Add(this SqliteCommand command, string name, object? value) =>
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);

    /// <summary>Reads a stored time.</summary>
    public static DateTimeOffset ReadTime(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Reads an optional stored time.</summary>
    public static DateTimeOffset? ReadOptionalTime(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.ReadTime(ordinal);

    /// <summary>Reads optional text.</summary>
    public static string? ReadOptionalString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
