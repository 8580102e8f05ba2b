namespace LiveServer.Media.Ffmpeg;

/// <summary>Finds the ffmpeg binary: the configured path, else the first one on PATH.</summary>
public static class FfmpegLocator
{
    /// <summary>The full path of ffmpeg, or null when it cannot be found.</summary>
    public static string? Find(string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;
        }

        return ExecutableLocator.OnPath(OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");
    }
}
