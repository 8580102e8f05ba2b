using System.Security.Cryptography;
using LiveServer.Media.Templates;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Tests.Templates;

/// <summary>
/// The one way these tests start a renderer on the system Chromium, and what they check with it:
/// a clear failure when Chromium is missing, bounded waits, Chromium's processes in /proc.
/// </summary>
internal static class TemplateChromium
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const int Width = 1280;
    public const int Height = 720;
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TemplateSettings Settings(TimeSpan? readyTimeout = null, int restartLimit = 2) =>
        new(ChromiumPath, readyTimeout ?? TimeSpan.FromSeconds(20), restartLimit);

    public static TemplateRenderer Start(Uri url, TemplateSettings? settings = null, ILogger? logger = null)
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is not at {ChromiumPath}: run scripts/setup.sh chromium");
        return TemplateRenderer.Start(url, Width, Height, settings ?? Settings(), logger ?? new LineLog());
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>The renderer's current image drawn over a canvas of <paramref name="under"/>.</summary>
    public static I420Image Drawn(TemplateRenderer renderer, YuvColor under)
    {
        var image = renderer.Image;
        Assert.NotNull(image);
        var canvas = new I420Image(new byte[I420Image.SizeOf(Width, Height)], Width, Height);
        canvas.Fill(under);
        image.DrawOver(canvas);
        return canvas;
    }

    public static string Hash(I420Image canvas) => Convert.ToHexString(SHA256.HashData(canvas.Buffer));

    /// <summary>The <c>--user-data-dir</c> of a running Chromium process.</summary>
    public static string ProfileOf(int pid)
    {
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        var profile = arguments.Single(a => a.StartsWith("--user-data-dir=", StringComparison.Ordinal));
        return profile["--user-data-dir=".Length..];
    }

    /// <summary>Processes whose command line names <paramref name="text"/>.</summary>
    public static List<int> ProcessesNaming(string text)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && pid != Environment.ProcessId)
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(entry, "cmdline")).Contains(text, StringComparison.Ordinal))
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return found;
    }

    /// <summary>A logger that keeps every line (and writes none).</summary>
    internal sealed class LineLog : ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (_lines)
                {
                    _lines.Add($"{logLevel}: {formatter(state, exception)}");
                }
            }
        }
    }
}
