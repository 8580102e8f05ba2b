using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Tests.TestKit;

/// <summary>Keeps every message logged at or above a level (FFmpeg's stderr lines are Debug), thread-safe.</summary>
/// <param name="minimum">The lowest level kept.</param>
internal sealed class RecordingLogger(LogLevel minimum = LogLevel.Debug) : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    /// <summary>The messages of <paramref name="level"/> or above, oldest first.</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level)
    {
        lock (_entries)
        {
            return [.. _entries.Where(e => e.Level >= level).Select(e => e.Message)];
        }
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= minimum)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
