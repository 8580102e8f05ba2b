using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Ffmpeg;

/// <summary>
/// One FFmpeg child process. Arguments are passed as a list (no shell); stderr is read from the
/// start, each line logged at Debug and the last lines kept for the failure report; stdout and stdin
/// are binary streams for the owner. <see cref="StopAsync"/> stops gracefully (end of input, or 'q'
/// when stdin is not an input), then kills after a timeout; <see cref="DisposeAsync"/> always leaves
/// no process behind.
/// </summary>
public sealed class FfmpegProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 20;
    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _role;
    private readonly bool _stdinIsInput;
    private readonly Queue<string> _lastErrorLines = new();
    private readonly TaskCompletionSource<FfmpegExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stoppedByUs;
    private int _disposed;

    private FfmpegProcess(Process process, ILogger logger, string role, bool stdinIsInput)
    {
        _process = process;
        _logger = logger;
        _role = role;
        _stdinIsInput = stdinIsInput;
    }

    /// <summary>The operating system's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>FFmpeg's stdin: media input when the arguments read <c>pipe:0</c>.</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>FFmpeg's stdout: media output when the arguments write <c>pipe:1</c>.</summary>
    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>Completes when the process has exited and stderr is drained.</summary>
    public Task<FfmpegExit> Exited => _exited.Task;

    /// <summary>Starts FFmpeg with the given arguments.</summary>
    /// <param name="executable">Path of the ffmpeg binary.</param>
    /// <param name="arguments">The argument list, without the program name.</param>
    /// <param name="role">A short name for logs, e.g. "encoder".</param>
    /// <param name="logger">Receives stderr lines at Debug.</param>
    /// <param name="stdinIsInput">True when stdin carries media (stop by closing it, not with 'q').</param>
    public static FfmpegProcess Start(
        string executable, IReadOnlyList<string> arguments, string role, ILogger logger, bool stdinIsInput)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var ffmpeg = new FfmpegProcess(process, logger, role, stdinIsInput);
        process.Start();
        ffmpeg.StartReadingErrors();
        FfmpegLog.Started(logger, role, process.Id, arguments);
        return ffmpeg;
    }

    /// <summary>
    /// Asks FFmpeg to finish (closes stdin when it is an input, else sends 'q'), waits up to
    /// <paramref name="timeout"/> for it to exit, then kills it.
    /// </summary>
    public async Task<FfmpegExit> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _stoppedByUs = true;
        if (!_exited.Task.IsCompleted)
        {
            try
            {
                if (!_stdinIsInput)
                {
                    await _process.StandardInput.WriteAsync("q".AsMemory(), cancellationToken).ConfigureAwait(false);
                    await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                _process.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The process is gone or its stdin is closed already: nothing to ask.
            }
        }

        try
        {
            return await _exited.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("{Role} FFmpeg {ProcessId} did not stop within {Timeout}; killing it", _role, ProcessId, timeout);
            Kill();
            return await _exited.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Kills the process tree at once.</summary>
    public void Kill()
    {
        _stoppedByUs = true;
        KillTree();
    }

    /// <summary>
    /// Kills the process because its output could not be used (malformed media on its output):
    /// an exit that counts as a failure, with <paramref name="reason"/> as its last error line.
    /// </summary>
    public void Fail(string reason)
    {
        lock (_lastErrorLines)
        {
            if (_lastErrorLines.Count == KeptErrorLines)
            {
                _lastErrorLines.Dequeue();
            }

            _lastErrorLines.Enqueue(reason);
        }

        KillTree();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_exited.Task.IsCompleted)
        {
            Kill();
            await _exited.Task.ConfigureAwait(false);
        }

        // Process.Dispose leaves the redirected pipes to their readers and writers, that is to the
        // finalizer: without closing the parent's ends here every child left up to three descriptors behind.
        CloseQuietly(_process.StandardInput);
        CloseQuietly(_process.StandardOutput);
        CloseQuietly(_process.StandardError);
        _process.Dispose();
    }

    private void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void CloseQuietly(IDisposable stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // A broken pipe on the final flush, or already closed: either way the descriptor is released.
        }
    }

    private void StartReadingErrors()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    FfmpegLog.ErrorLine(_logger, _role, ProcessId, line);
                    lock (_lastErrorLines)
                    {
                        if (_lastErrorLines.Count == KeptErrorLines)
                        {
                            _lastErrorLines.Dequeue();
                        }

                        _lastErrorLines.Enqueue(line);
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The pipe closed with the process.
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
            string[] lines;
            lock (_lastErrorLines)
            {
                lines = [.. _lastErrorLines];
            }

            _exited.TrySetResult(new FfmpegExit(_process.ExitCode, _stoppedByUs, lines));
        });
    }
}
