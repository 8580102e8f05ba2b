using System.Diagnostics;
using System.Text;

namespace LiveServer.TestKit.Interop;

/// <summary>
/// A publisher we did not write (a browser, aiortc, GStreamer) running in the client namespace. Its
/// output is kept for failure messages; disposing it sends SIGTERM (the WHIP clients DELETE their
/// session), then kills what is left after a few seconds, and removes its temporary folder.
/// </summary>
public sealed class ClientProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private ClientProcess(Process process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>A temporary folder for a client's profile or files, removed with the client.</summary>
    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "liveserver-interop", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Starts <paramref name="command"/> in the client namespace of <paramref name="network"/>.</summary>
    public static ClientProcess Start(TestNetwork network, string folder, string command, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = TestNetwork.StartInfo(network.ClientNamespace, command, args);
        info.WorkingDirectory = folder;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var client = new ClientProcess(process, folder);
        process.OutputDataReceived += (_, e) => client.Append(e.Data);
        process.ErrorDataReceived += (_, e) => client.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = ProcessSignal.Terminate(_process.Id);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
