using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LiveServer.HubLoad;

/// <summary>
/// The coordinator's side of one load process: this same program started with <c>worker</c>, its
/// share of the viewers on the command line, the secret in its environment, lines on stdin and stdout.
/// Its stderr is passed through, each line marked with the process's number.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _index;

    private WorkerProcess(Process process, int index)
    {
        _process = process;
        _index = index;
    }

    public int ProcessId => _process.Id;

    public static WorkerProcess Start(int index, HubLoadOptions options, string roomId, int first, int count)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run as `dotnet LiveServer.HubLoad.dll` when started that way, else as the apphost.
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet")
        {
            info.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }

        foreach (var arg in new[]
        {
            "worker", "--url", options.Url.ToString(), "--room", roomId,
            "--first", first.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture),
            "--messages", options.MaxMessages.ToString(CultureInfo.InvariantCulture),
            "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture),
            "--client", options.Client,
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Auth__Secret"] = options.Secret;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start a load process.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[load {index}] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        return new WorkerProcess(process, index);
    }

    /// <summary>Waits for the <c>ready</c> line: every viewer of this process tried to join.</summary>
    public async Task<WorkerReady> ReadyAsync(CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize<WorkerReady>(await LineAsync("ready ", cancellationToken))!;

    /// <summary>Asks for the figures so far.</summary>
    public async Task<WorkerReport> ReportAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync("report");
        await _process.StandardInput.FlushAsync(cancellationToken);
        return JsonSerializer.Deserialize<WorkerReport>(await LineAsync("report ", cancellationToken))!;
    }

    /// <summary>Tells the process to close its connections and waits for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            await _process.StandardInput.WriteLineAsync("stop");
            await _process.StandardInput.FlushAsync();
            using var wait = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private async Task<string> LineAsync(string prefix, CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }

            Console.WriteLine($"[load {_index}] {line}");
        }

        throw new InvalidOperationException($"Load process {_index} ended (exit code {(_process.HasExited ? _process.ExitCode : -1)}) before it said '{prefix.Trim()}'.");
    }
}
