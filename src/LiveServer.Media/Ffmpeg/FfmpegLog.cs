using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Ffmpeg;

/// <summary>Source-generated log messages of FFmpeg children (stderr lines arrive often).</summary>
internal static partial class FfmpegLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Role} FFmpeg {ProcessId}: {Line}")]
    public static partial void ErrorLine(ILogger logger, string role, int processId, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Started {Role} FFmpeg {ProcessId}: {Arguments}")]
    public static partial void Started(ILogger logger, string role, int processId, IReadOnlyList<string> arguments);
}
