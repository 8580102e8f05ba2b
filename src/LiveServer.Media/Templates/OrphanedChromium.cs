using System.Diagnostics;
using System.Globalization;

namespace LiveServer.Media.Templates;

/// <summary>
/// Template Chromiums left by a server that died without stopping them (SIGKILL, a crash): their
/// browser process was re-parented (its parent is no longer a server), and they still hold a
/// <c>liveserver-template-*</c> profile. Ended, with their profiles, when a server starts. Chromiums
/// of other servers that are running are left alone: their parent is alive and is not init.
/// </summary>
public static class OrphanedChromium
{
    private const string ProfilePrefix = "liveserver-template-";

    /// <summary>Kills orphaned template Chromiums and deletes their profile folders; answers how many browsers it ended.</summary>
    public static int EndAll()
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        var ended = 0;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId
                || ProfileOf(entry) is not { } profile || !IsOrphan(entry))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                ended++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile, or not ours to end.
            }

            ChromiumProfile.KillProcessesUsing(profile);
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return ended;
    }

    /// <summary>The profile folder a browser process was started with (<c>--user-data-dir=</c>), when it is a template's.</summary>
    private static string? ProfileOf(string procEntry)
    {
        try
        {
            var arguments = File.ReadAllText(Path.Combine(procEntry, "cmdline")).Split('\0');
            if (arguments.Any(a => a.StartsWith("--type=", StringComparison.Ordinal)))
            {
                return null; // A renderer or helper: its browser process is the one to end.
            }

            var dir = arguments.FirstOrDefault(a => a.StartsWith("--user-data-dir=", StringComparison.Ordinal))?["--user-data-dir=".Length..];
            return dir is not null && Path.GetFileName(dir.TrimEnd('/')).StartsWith(ProfilePrefix, StringComparison.Ordinal) ? dir : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the process's parent is init (pid 1) or gone: whoever started it has died.</summary>
    private static bool IsOrphan(string procEntry)
    {
        try
        {
            var status = File.ReadLines(Path.Combine(procEntry, "status")).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            if (status is null || !int.TryParse(status[5..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent))
            {
                return false;
            }

            return parent <= 1 || !Directory.Exists($"/proc/{parent}") || !IsDotnetOrServer(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when the parent looks like a LiveServer (a .NET host): a Chromium under anything else was re-parented to a subreaper.</summary>
    private static bool IsDotnetOrServer(int pid)
    {
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/cmdline");
            return command.Contains("dotnet", StringComparison.Ordinal) || command.Contains("LiveServer", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
