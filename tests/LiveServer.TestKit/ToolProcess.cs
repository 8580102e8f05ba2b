using System.Diagnostics;

namespace LiveServer.TestKit;

/// <summary>Runs a command-line tool to its end and hands back what it printed.</summary>
public static class ToolProcess
{
    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="arguments"/> (in <paramref name="workingDirectory"/>
    /// when given) and returns its standard output and error; throws with the error text when it exits non-zero.
    /// </summary>
    public static async Task<(string Output, string Errors)> RunAsync(
        string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        using var process = Start(tool, arguments, workingDirectory);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(" ", arguments)} failed ({process.ExitCode}): {await errors}{await output}");
        }

        return (await output, await errors);
    }

    /// <summary>Runs <paramref name="tool"/> to its end and returns how many bytes it wrote to standard output (binary output, not kept).</summary>
    public static async Task<long> CountOutputBytesAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(tool, arguments, workingDirectory: null);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var buffer = new byte[65536];
        long total = 0;
        int read;
        while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(" ", arguments)} failed ({process.ExitCode}): {await errors}");
        }

        return total;
    }

    private static Process Start(string tool, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }
}
