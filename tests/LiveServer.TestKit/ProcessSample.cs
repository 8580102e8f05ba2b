using System.Globalization;
using System.Runtime.InteropServices;

namespace LiveServer.TestKit;

/// <summary>
/// What Linux says about a process at one moment (/proc/&lt;pid&gt;): CPU time used (utime + stime,
/// proc(5) fields 14 and 15), resident set size (VmRSS), open file descriptors (entries of fd/) and threads.
/// </summary>
public sealed partial record ProcessSample(int ProcessId, DateTime At, TimeSpan CpuTime, long ResidentBytes, int OpenFiles, int Threads)
{
    private static readonly long s_ticksPerSecond = SysConf(2); // _SC_CLK_TCK

    /// <summary>Resident set size in MiB.</summary>
    public double ResidentMegabytes => ResidentBytes / (1024.0 * 1024.0);

    /// <summary>Reads the process now; throws when it does not exist.</summary>
    public static ProcessSample Read(int processId)
    {
        string folder = $"/proc/{processId}";
        string stat = File.ReadAllText(Path.Combine(folder, "stat"));

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        int threads = int.Parse(fields[17], CultureInfo.InvariantCulture);
        long rss = 0;
        foreach (string line in File.ReadLines(Path.Combine(folder, "status")))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                break;
            }
        }

        int files = Directory.EnumerateFileSystemEntries(Path.Combine(folder, "fd")).Count();
        return new ProcessSample(processId, DateTime.UtcNow, TimeSpan.FromSeconds((double)ticks / s_ticksPerSecond), rss, files, threads);
    }

    /// <summary>
    /// The process's open file descriptors by what they point to: <c>socket</c>, <c>pipe</c>,
    /// <c>anon_inode:[eventpoll]</c>, or a file's path (/proc/&lt;pid&gt;/fd links), with counts.
    /// </summary>
    public static IReadOnlyDictionary<string, int> OpenFileKinds(int processId)
    {
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (string link in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(link).LinkTarget;
            }
            catch (IOException)
            {
                continue;
            }

            if (target is null)
            {
                continue;
            }

            int bracket = target.IndexOf(":[", StringComparison.Ordinal);
            string kind = target.StartsWith("anon_inode:", StringComparison.Ordinal) ? target : bracket > 0 ? target[..bracket] : target;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        return kinds;
    }

    /// <summary>Ids of the processes whose parent is <paramref name="processId"/>.</summary>
    public static IReadOnlyList<int> Children(int processId)
    {
        var children = new List<int>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int pid))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(folder, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == processId)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
