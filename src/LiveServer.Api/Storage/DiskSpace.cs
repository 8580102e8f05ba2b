using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Storage;

/// <summary>
/// Free space on the disk of the livestreams' files, against <c>Storage:MinFreeBytes</c>: below it, a
/// start is refused (507) and a running livestream fails cleanly, before the disk is full.
/// </summary>
public class DiskSpace(IOptions<StorageOptions> options)
{
    /// <summary>Free bytes for an unprivileged writer on the disk holding <paramref name="path"/>; null when unknown.</summary>
    public virtual long? FreeBytes(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Why there is not enough room at <paramref name="path"/>; null when there is (or it is not checked).</summary>
    public string? Shortage(string path)
    {
        var minimum = options.Value.MinFreeBytes;
        if (minimum <= 0 || FreeBytes(path) is not { } free || free >= minimum)
        {
            return null;
        }

        return $"Only {free / (1024 * 1024)} MiB are free on the livestreams' disk, below Storage:MinFreeBytes ({minimum / (1024 * 1024)} MiB); free some space or lower the limit.";
    }
}
