namespace LiveServer.Media;

/// <summary>Finds a program the server runs (ffmpeg, Chromium) on PATH.</summary>
public static class ExecutableLocator
{
    /// <summary>The full path of the first <paramref name="name"/> in a PATH folder, or null when there is none.</summary>
    public static string? OnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}
