using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace LiveServer.TestKit;

/// <summary>
/// Two hosts of the test's own: a server and a client network namespace joined by a veth pair, for
/// WebRTC clients that skip loopback (stock browsers, aiortc, libnice). Addresses come from ranges set
/// aside for tests and documentation (198.18.0.0/15, RFC 2544; 2001:db8::/32, RFC 3849), so no
/// packet is ever aimed at a real network: the server namespace has the first and a secondary
/// address, the client the second, both an IPv6 address, and the client's default route points at
/// the server (browsers ask the routing table for their default address). Forwarding stays off, so
/// nothing leaves the pair. Needs root (CI and the project's machines run as root); removed on dispose.
/// </summary>
public sealed partial class TestNetwork : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int s_next;

    private TestNetwork(string id, int subnet)
    {
        ServerNamespace = $"ls{id}s";
        ClientNamespace = $"ls{id}c";
        ServerAddress = IPAddress.Parse($"198.18.{subnet}.1");
        ServerSecondaryAddress = IPAddress.Parse($"198.18.{subnet}.3");
        ClientAddress = IPAddress.Parse($"198.18.{subnet}.2");
        ServerAddressV6 = IPAddress.Parse($"2001:db8:{subnet:x}::1");
        ClientAddressV6 = IPAddress.Parse($"2001:db8:{subnet:x}::2");
    }

    public string ServerNamespace { get; }

    public string ClientNamespace { get; }

    /// <summary>The server's primary IPv4 address (the source the kernel picks for replies from a wildcard socket).</summary>
    public IPAddress ServerAddress { get; }

    /// <summary>A second IPv4 address of the server on the same interface.</summary>
    public IPAddress ServerSecondaryAddress { get; }

    public IPAddress ServerAddressV6 { get; }

    public IPAddress ClientAddress { get; }

    public IPAddress ClientAddressV6 { get; }

    /// <summary>Creates the namespaces, the veth pair and the addresses.</summary>
    public static TestNetwork Create()
    {
        int n = Interlocked.Increment(ref s_next);
        string id = ((Environment.ProcessId % 10000 * 100) + n).ToString("x", CultureInfo.InvariantCulture);
        var network = new TestNetwork(id, 1 + ((Environment.ProcessId + n) % 250));
        try
        {
            network.Setup(id);
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return network;
    }

    /// <summary>The arguments that run <paramref name="command"/> inside a namespace (<c>ip netns exec</c>).</summary>
    public static ProcessStartInfo StartInfo(string networkNamespace, string command, params IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["netns", "exec", networkNamespace, command, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread that has entered <paramref name="networkNamespace"/>:
    /// sockets it creates belong to that namespace for their whole life, whichever thread uses them later.
    /// </summary>
    public static T InNamespace<T>(string networkNamespace, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{networkNamespace}");
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {networkNamespace} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"In namespace {networkNamespace}: {failure.Message}", failure);
    }

    public void Dispose()
    {
        // Deleting a namespace removes its end of the veth pair, and with it the other end.
        Run("ip", "netns", "del", ServerNamespace);
        Run("ip", "netns", "del", ClientNamespace);
    }

    private static (int ExitCode, string Output) Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static void Must(string command, params string[] args)
    {
        var (code, output) = Run(command, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({code}): {output}");
        }
    }

    private void Setup(string id)
    {
        string serverLink = $"ls{id}a";
        string clientLink = $"ls{id}b";
        string s = ServerNamespace;
        string c = ClientNamespace;
        Must("ip", "netns", "add", s);
        Must("ip", "netns", "add", c);
        Must("ip", "link", "add", serverLink, "netns", s, "type", "veth", "peer", "name", clientLink, "netns", c);
        foreach (string ns in (string[])[s, c])
        {
            Must("ip", "-n", ns, "link", "set", "lo", "up");
        }

        Must("ip", "-n", s, "addr", "add", $"{ServerAddress}/24", "dev", serverLink);
        Must("ip", "-n", s, "addr", "add", $"{ServerSecondaryAddress}/24", "dev", serverLink);
        Must("ip", "-n", s, "addr", "add", $"{ServerAddressV6}/64", "dev", serverLink, "nodad");
        Must("ip", "-n", c, "addr", "add", $"{ClientAddress}/24", "dev", clientLink);
        Must("ip", "-n", c, "addr", "add", $"{ClientAddressV6}/64", "dev", clientLink, "nodad");
        Must("ip", "-n", s, "link", "set", serverLink, "up");
        Must("ip", "-n", c, "link", "set", clientLink, "up");
        Must("ip", "-n", c, "route", "add", "default", "via", ServerAddress.ToString());
        Must("ip", "-n", c, "-6", "route", "add", "default", "via", ServerAddressV6.ToString());
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
