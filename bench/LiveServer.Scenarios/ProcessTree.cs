using System.Globalization;

namespace LiveServer.Scenarios;

/// <summary>
/// CPU time and memory of a process and its descendants, read from /proc (Linux): utime + stime of
/// every live process in the tree, plus the root's cutime + cstime (children that exited and were
/// reaped, e.g. a clip encoder), so CPU seconds only grow.
/// </summary>
public static class ProcessTree
{
    private const double ClockTicksPerSecond = 100.0;

    /// <summary>CPU seconds used so far by the tree under <paramref name="root"/>.</summary>
    public static double CpuSeconds(int root)
    {
        var ticks = 0L;
        foreach (var pid in Members(root))
        {
            if (Stat(pid) is { } fields)
            {
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                if (pid == root)
                {
                    ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                }
            }
        }

        return ticks / ClockTicksPerSecond;
    }

    /// <summary>
    /// CPU seconds so far of each live process in the tree, by role: <c>server</c> (the root, without
    /// reaped children), <c>encoder</c> (an FFmpeg running libx264) and <c>other children</c> (decoders, …).
    /// </summary>
    public static Dictionary<int, (string Role, double Seconds)> CpuByProcess(int root)
    {
        var result = new Dictionary<int, (string, double)>();
        foreach (var pid in Members(root))
        {
            if (Stat(pid) is not { } fields)
            {
                continue;
            }

            var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            var command = CommandLine(pid);
            var role = pid == root ? "server"
                : command.Contains("libx264", StringComparison.Ordinal) ? "encoder"
                : command.Contains("chromium", StringComparison.Ordinal) ? "chromium"
                : "other children";
            result[pid] = (role, seconds);
        }

        return result;
    }

    /// <summary>CPU seconds per role used between two <see cref="CpuByProcess"/> snapshots (processes alive in both).</summary>
    public static Dictionary<string, double> RoleDelta(
        Dictionary<int, (string Role, double Seconds)> before, Dictionary<int, (string Role, double Seconds)> after)
    {
        var roles = new Dictionary<string, double> { ["server"] = 0, ["encoder"] = 0, ["chromium"] = 0, ["other children"] = 0 };
        foreach (var (pid, now) in after)
        {
            if (before.TryGetValue(pid, out var then))
            {
                roles[now.Role] += now.Seconds - then.Seconds;
            }
        }

        return roles;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Resident set size in MB of <paramref name="pid"/> alone.</summary>
    public static double RssMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Resident set size in MB of the whole tree (shared pages counted once per process).</summary>
    public static double TreeRssMb(int root) => Members(root).Sum(RssMb);

    /// <summary>The root and all its descendants alive now.</summary>
    public static List<int> Members(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } fields)
            {
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var members = new List<int> { root };
        for (var i = 0; i < members.Count; i++)
        {
            if (children.TryGetValue(members[i], out var list))
            {
                members.AddRange(list);
            }
        }

        return members;
    }

    /// <summary>The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var end = text.LastIndexOf(')');
            return text[(end + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
