using System.Diagnostics;

namespace LiveServer.Media.Templates;

/// <summary>
/// A fresh temporary user-data-dir for one Chromium, deleted with it. Every process of that
/// Chromium carries the folder in its command line, which is how stragglers (children left when
/// the browser process went first) are found in <c>/proc</c> and ended.
/// </summary>
internal sealed class ChromiumProfile : IDisposable
{
    private ChromiumProfile(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Makes a new, empty profile folder under the temporary directory, its name carrying <paramref name="label"/> (letters, digits and dashes of it).</summary>
    public static ChromiumProfile Create(string? label = null)
    {
        var safe = new string((label ?? string.Empty).Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(64).ToArray());
        return new(Directory.CreateTempSubdirectory(safe.Length > 0 ? $"liveserver-template-{safe}-" : "liveserver-template-").FullName);
    }

    /// <summary>The ids of running processes whose command line names <paramref name="path"/> (Linux; none elsewhere).</summary>
    public static IReadOnlyList<int> ProcessesUsing(string path)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(System.IO.Path.Combine(entry, "cmdline")).Contains(path, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read, so not ours.
            }
        }

        return found;
    }

    /// <summary>Kills every process still using this profile.</summary>
    public void KillStragglers() => KillProcessesUsing(Path);

    /// <summary>Kills every process whose command line names <paramref name="path"/>.</summary>
    public static void KillProcessesUsing(string path)
    {
        foreach (var pid in ProcessesUsing(path))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not ours to end.
            }
        }
    }

    /// <summary>Ends stragglers and deletes the folder (a failure to delete is left to the temp cleaner).</summary>
    public void Dispose()
    {
        KillStragglers();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process wrote into it as it went; try once more.
            Thread.Sleep(100);
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
