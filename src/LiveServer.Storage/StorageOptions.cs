using System.ComponentModel.DataAnnotations;

namespace LiveServer.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = "Storage";

    /// <summary>The SQLite database file.</summary>
    [Required(ErrorMessage = "Storage:Database is required.")]
    public string Database { get; set; } = "data/liveserver.db";

    /// <summary>Where recordings (MP4 and thumbnail) are written.</summary>
    [Required(ErrorMessage = "Storage:RecordingsPath is required.")]
    public string RecordingsPath { get; set; } = "data/recordings";

    /// <summary>Recordings and livestream files older than this (by end) are deleted; null keeps them.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>How often retention runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Storage:RetentionInterval must be between 1 second and 1 day.")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Below this many free bytes on the livestreams' disk, starts are refused (507) and running livestreams fail; 0 turns it off.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "Storage:MinFreeBytes must not be negative.")]
    public long MinFreeBytes { get; set; } = 512L * 1024 * 1024;
}
