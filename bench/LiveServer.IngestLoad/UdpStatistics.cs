using System.Globalization;

namespace LiveServer.IngestLoad;

/// <summary>The kernel's UDP counters (/proc/net/snmp), machine-wide.</summary>
internal static class UdpStatistics
{
    /// <summary>Datagrams the kernel dropped because a socket's receive buffer was full (RcvbufErrors).</summary>
    public static long ReceiveBufferErrors()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).ToList();
        if (lines.Count < 2)
        {
            return 0;
        }

        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(names, "RcvbufErrors");
        return index > 0 ? long.Parse(values[index], CultureInfo.InvariantCulture) : 0;
    }
}
