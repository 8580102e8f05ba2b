using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Ffmpeg;

/// <summary>A real FFmpeg child: disposing it must release the parent's ends of its pipes.</summary>
public sealed class FfmpegProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DisposeAsync_AfterExit_ClosesStdinAndStdout()
    {
        var ffmpeg = FfmpegProcess.Start("ffmpeg", ["-hide_banner", "-f", "lavfi", "-i", "anullsrc", "-t", "0.1", "-f", "null", "-"], "test", NullLogger.Instance, stdinIsInput: false);
        var input = ffmpeg.StandardInput;
        var output = ffmpeg.StandardOutput;
        Assert.Equal(0, (await ffmpeg.Exited.WaitAsync(Timeout)).ExitCode);

        await ffmpeg.DisposeAsync();

        // Closed ends refuse use; open ones would give EPIPE and end of stream instead.
        Assert.Throws<ObjectDisposedException>(() => input.WriteByte(0));
        Assert.Throws<ObjectDisposedException>(() => output.ReadByte());
    }

    [Fact]
    public async Task DisposeAsync_WhileRunning_KillsAndClosesStdinAndStdout()
    {
        var ffmpeg = FfmpegProcess.Start("ffmpeg", ["-hide_banner", "-re", "-f", "lavfi", "-i", "anullsrc", "-f", "null", "-"], "test", NullLogger.Instance, stdinIsInput: false);
        var input = ffmpeg.StandardInput;
        var output = ffmpeg.StandardOutput;

        await ffmpeg.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.True(ffmpeg.Exited.IsCompleted);
        // Closed ends refuse use; open ones would give EPIPE and end of stream instead.
        Assert.Throws<ObjectDisposedException>(() => input.WriteByte(0));
        Assert.Throws<ObjectDisposedException>(() => output.ReadByte());
    }
}
