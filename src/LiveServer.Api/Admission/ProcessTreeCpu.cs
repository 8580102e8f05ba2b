using System.Globalization;

namespace LiveServer.Api.Admission;

/// <summary>
/// CPU time of this process and every descendant (the FFmpeg children), read from Linux
/// <c>/proc/[pid]/stat</c> (fields 14 and 15, utime and stime, in clock ticks of 1/100 s). Children that
/// ended are not counted, which only makes a sample smaller. Elsewhere it reads nothing.
/// </summary>
public static class ProcessTreeCpu
{
    private const double ClockTicksPerSecond = 100;

    /// <summary>True where /proc can be read.</summary>
    public static bool IsAvailable => File.Exists("/proc/self/stat");

    /// <summary>Total CPU time used so far by the process tree rooted at <paramref name="rootPid"/>.</summary>
    public static TimeSpan Sample(int rootPid)
    {
        if (!IsAvailable)
        {
            return TimeSpan.Zero;
        }

        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (Parse(File.ReadAllText(Path.Combine(folder, "stat"))) is { } stat)
                {
                    parents[pid] = stat.ParentPid;
                    ticks[pid] = stat.Ticks;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        long total = 0;
        foreach (var (pid, used) in ticks)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
            {
                if (p == rootPid)
                {
                    total += used;
                    break;
                }
            }
        }

        return TimeSpan.FromSeconds(total / ClockTicksPerSecond);
    }

    /// <summary>Parent pid and utime + stime of one <c>stat</c> line; null when it is not one.</summary>
    public static (int ParentPid, long Ticks)? Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
        return fields.Length > 13
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? (parent, user + system)
            : null;
    }
}
