namespace LiveServer.TestKit;

/// <summary>Finds running FFmpeg processes (or another program's, such as Chromium) by their command line (Linux /proc).</summary>
public static class FfmpegProcesses
{
    /// <summary>Process ids of ffmpeg processes whose arguments contain <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> WithArgument(string text) => WithArgument("ffmpeg", text);

    /// <summary>Process ids of <paramref name="program"/> processes (the file name of their first argument) whose arguments contain <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> WithArgument(string program, string text)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                if (arguments.Length > 0 && Path.GetFileName(arguments[0]) == program && arguments.Any(a => a.Contains(text, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Waits until no ffmpeg process mentions <paramref name="text"/>; false on timeout.</summary>
    public static async Task<bool> WaitUntilGoneAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (WithArgument(text).Count == 0)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return WithArgument(text).Count == 0;
    }
}
