using System.Text.RegularExpressions;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Recordings;

/// <summary>
/// Where a recording's files live: <c>{Storage:RecordingsPath}/{id}.mp4</c> and <c>{id}.jpg</c>,
/// written under temporary names first. Ids are ours (<c>rec-</c> and 16 hex digits) and checked
/// before a path is built, so no path can leave the folder.
/// </summary>
public sealed partial class RecordingFiles(IOptions<StorageOptions> options)
{
    /// <summary>The folder of every recording.</summary>
    public string Folder => Path.GetFullPath(options.Value.RecordingsPath);

    /// <summary>A new recording id.</summary>
    public static string NewId() => "rec-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>True when <paramref name="id"/> has the shape of a recording id.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>The MP4 of a recording.</summary>
    public string Mp4Path(string id) => PathOf(id, ".mp4");

    /// <summary>The JPEG thumbnail of a recording (video livestreams only).</summary>
    public string ThumbnailPath(string id) => PathOf(id, ".jpg");

    /// <summary>Where the MP4 is written before it is renamed to <see cref="Mp4Path"/>.</summary>
    public string TemporaryMp4Path(string id) => PathOf(id, ".tmp.mp4");

    /// <summary>Where the thumbnail is written before it is renamed to <see cref="ThumbnailPath"/>.</summary>
    public string TemporaryThumbnailPath(string id) => PathOf(id, ".tmp.jpg");

    /// <summary>Removes every file of a recording (finished or temporary) that exists; returns the bytes freed.</summary>
    public long Delete(string id)
    {
        long freed = 0;
        foreach (var path in new[] { Mp4Path(id), ThumbnailPath(id), TemporaryMp4Path(id), TemporaryThumbnailPath(id) })
        {
            var file = new FileInfo(path);
            if (file.Exists)
            {
                freed += file.Length;
                file.Delete();
            }
        }

        return freed;
    }

    private string PathOf(string id, string suffix)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"'{id}' is not a recording id.", nameof(id));
        }

        return Path.Combine(Folder, id + suffix);
    }

    [GeneratedRegex("^rec-[0-9a-f]{16}$")]
    private static partial Regex IdPattern();
}
