using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LiveServer.HubLoad;

/// <summary>
/// Another process's resident memory (<c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>), its CPU time
/// (utime + stime of <c>/proc/&lt;pid&gt;/stat</c>) and, when asked, its live managed heap after a full
/// collection (the repository's <c>dotnet-gcdump</c> tool; this pauses the process for the collection).
/// </summary>
internal static partial class ProcessProbe
{
    private const double ClockTicksPerSecond = 100;

    /// <summary>Resident memory in bytes; null when the process is gone.</summary>
    public static long? RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>CPU seconds (user + system) the process used so far; 0 when it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Bytes of live managed objects after a full collection, or null (with the reason on stderr) when
    /// dotnet-gcdump cannot tell. The dump is kept at <paramref name="dump"/> for
    /// <c>dotnet-gcdump report</c> (objects by type) or PerfView.
    /// </summary>
    public static async Task<long?> LiveHeapBytesAsync(int pid, string repositoryRoot, string dump, CancellationToken cancellationToken)
    {
        try
        {
            var collect = await GcdumpAsync(repositoryRoot, ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", dump], cancellationToken);
            if (!File.Exists(dump))
            {
                await Console.Error.WriteLineAsync("dotnet-gcdump collect made no dump: " + collect.Trim());
                return null;
            }

            var report = await GcdumpAsync(repositoryRoot, ["report", dump], cancellationToken);
            var total = HeapTotal().Match(report);
            if (!total.Success)
            {
                await Console.Error.WriteLineAsync("dotnet-gcdump report printed no total: " + report[..Math.Min(report.Length, 300)]);
                return null;
            }

            return long.Parse(total.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync("dotnet-gcdump failed: " + e.Message);
            return null;
        }
    }

    private static async Task<string> GcdumpAsync(string repositoryRoot, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var arg in (string[])["tool", "run", "dotnet-gcdump", .. arguments])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet-gcdump.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await output + await error;
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapTotal();
}
