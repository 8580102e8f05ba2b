namespace LiveServer.Media.Ffmpeg;

/// <summary>How an FFmpeg child ended.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StoppedByUs">True when we asked it to stop (a non-zero code is then expected).</param>
/// <param name="LastErrorLines">The last lines FFmpeg wrote to stderr, oldest first.</param>
public sealed record FfmpegExit(int ExitCode, bool StoppedByUs, IReadOnlyList<string> LastErrorLines)
{
    /// <summary>A one-line description for logs and failure reasons.</summary>
    public string Describe(string role) => LastErrorLines.Count == 0
        ? $"{role} FFmpeg exited with code {ExitCode}"
        : $"{role} FFmpeg exited with code {ExitCode}: {string.Join(" | ", LastErrorLines.TakeLast(5))}";
}
