using System.Runtime.InteropServices;

namespace LiveServer.TestKit;

/// <summary>Signals to processes the tests start (Linux).</summary>
public static partial class ProcessSignal
{
    /// <summary>Sends SIGTERM, as Ctrl-C, systemd or docker stop do; true when it was sent.</summary>
    public static bool Terminate(int pid) => Kill(pid, 15) == 0;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
