using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PuppeteerSharp;
using SkiaSharp;

namespace LiveServer.Media.Templates;

/// <summary>
/// Takes a page's pixels as Chromium paints them (CDP <c>Page.startScreencast</c>, PNG: lossless and
/// with alpha; Chromium 156 writes these colours premultiplied, though PNG's are straight, while its
/// <c>Page.captureScreenshot</c> PNGs are straight) and turns each into a
/// <see cref="TemplateImage"/> on a worker of its own, at most <c>maxFramesPerSecond</c> a second.
/// </summary>
/// <remarks>
/// Chromium sends frames only when the page changes and keeps at most two unacknowledged, so the
/// acknowledgement is the back-pressure: a frame is acknowledged once it is converted, or at once
/// when a newer one replaces it while it waits (a one-slot mailbox, the newest wins, so a page that
/// stops changing always ends on its last picture). Images are recycled from a ring of three: one
/// replaced as current is refilled two conversions later, at least two frame intervals on.
/// </remarks>
internal sealed class ScreencastCapture : IAsyncDisposable
{
    private const int NoAck = -1;
    private readonly ICDPSession _client;
    private readonly int _width;
    private readonly int _height;
    private readonly TimeSpan _interval;
    private readonly Action<TemplateImage> _publish;
    private readonly ILogger _logger;
    private readonly Channel<Frame> _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _rgba;
    private readonly TemplateImage?[] _ring = new TemplateImage?[3];
    private Task _worker = Task.CompletedTask;
    private int _ringIndex;
    private long _queued;
    private long _converted;
    private TaskCompletionSource _conversion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _skipped;
    private bool _warnedSize;

    public ScreencastCapture(ICDPSession client, int width, int height, int maxFramesPerSecond, Action<TemplateImage> publish, ILogger logger)
    {
        _client = client;
        _width = width;
        _height = height;
        _interval = TimeSpan.FromSeconds(1.0 / Math.Max(1, maxFramesPerSecond));
        _publish = publish;
        _logger = logger;
        _rgba = new byte[width * height * 4];
        _frames = Channel.CreateBounded<Frame>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                Interlocked.Increment(ref _skipped);
                Acknowledge(dropped.SessionId);
            });
    }

    /// <summary>Frames that arrived faster than the cap and were acknowledged unconverted.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Starts the screencast and the worker.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _client.MessageReceived += OnMessage;
        _worker = Task.Run(() => ConvertAsync(_stop.Token), CancellationToken.None);
        await _client.SendAsync("Page.startScreencast", new { format = "png", everyNthFrame = 1, maxWidth = _width, maxHeight = _height })
            .WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _client.MessageReceived -= OnMessage;
        await _stop.CancelAsync();
        _frames.Writer.TryComplete();
        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private void OnMessage(object? sender, MessageEventArgs e)
    {
        if (e.MessageID != "Page.screencastFrame")
        {
            return;
        }

        var data = e.MessageData;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("sessionId", out var id) && id.TryGetInt32(out var sessionId)
            && data.TryGetProperty("data", out var png) && png.GetString() is { } base64)
        {
            _frames.Writer.TryWrite(new Frame(sessionId, base64, Interlocked.Increment(ref _queued), Premultiplied: true));
        }
    }

    /// <summary>
    /// Takes a screenshot now and returns once it (or a newer frame) is the published image, so the
    /// image reflects the page as of this call even when no screencast frame is on its way.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var shot = await _client.SendAsync("Page.captureScreenshot", new { format = "png", fromSurface = true })
            .WaitAsync(cancellationToken);
        if (shot?.TryGetProperty("data", out var png) != true || png.GetString() is not { } base64)
        {
            return;
        }

        var sequence = Interlocked.Increment(ref _queued);
        _frames.Writer.TryWrite(new Frame(NoAck, base64, sequence, Premultiplied: false));
        while (Interlocked.Read(ref _converted) < sequence)
        {
            await Volatile.Read(ref _conversion).Task.WaitAsync(cancellationToken);
        }
    }

    private async Task ConvertAsync(CancellationToken cancellationToken)
    {
        var next = DateTime.UtcNow;
        try
        {
            while (await _frames.Reader.WaitToReadAsync(cancellationToken))
            {
                // Hold to the cap; a newer frame arriving meanwhile replaces the waiting one.
                var wait = next - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                if (!_frames.Reader.TryRead(out var frame))
                {
                    continue;
                }

                // The cap spaces conversions' starts, so a conversion's own time is not added to the interval.
                next = DateTime.UtcNow + _interval;
                try
                {
                    Convert(frame.Base64Png, frame.Premultiplied);
                }
                finally
                {
                    Acknowledge(frame.SessionId);
                    Interlocked.Exchange(ref _converted, frame.Sequence);
                    Interlocked.Exchange(ref _conversion, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Convert(string base64Png, bool premultiplied)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(base64Png.Length * 3 / 4);
        try
        {
            if (!System.Convert.TryFromBase64String(base64Png, buffer, out var length))
            {
                _logger.LogWarning("A screencast frame was not valid base64; skipped");
                return;
            }

            using var data = SKData.CreateCopy(buffer.AsSpan(0, length));
            using var codec = SKCodec.Create(data);
            if (codec is null || codec.Info.Width != _width || codec.Info.Height != _height)
            {
                if (!_warnedSize)
                {
                    _warnedSize = true;
                    _logger.LogWarning("Screencast frames are {Size}, not {Width}x{Height}; skipped", codec?.Info.Size.ToString() ?? "not PNG", _width, _height);
                }

                return;
            }

            // Unpremul asks Skia for the bytes as stored (screencast frames hold premultiplied colours).
            var info = new SKImageInfo(_width, _height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var handle = GCHandle.Alloc(_rgba, GCHandleType.Pinned);
            try
            {
                var result = codec.GetPixels(info, handle.AddrOfPinnedObject());
                if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
                {
                    _logger.LogWarning("A screencast frame did not decode ({Result}); skipped", result);
                    return;
                }
            }
            finally
            {
                handle.Free();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _ringIndex = (_ringIndex + 1) % _ring.Length;
        var image = TemplateImage.Reuse(_ring[_ringIndex], _rgba, _width, _height, premultiplied);
        _ring[_ringIndex] = image;
        _publish(image);
    }

    private void Acknowledge(int sessionId)
    {
        if (sessionId == NoAck || _client.Detached)
        {
            return;
        }

        _ = _client.SendAsync("Page.screencastFrameAck", new { sessionId }).ContinueWith(
            static t => t.Exception?.Handle(static _ => true), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private readonly record struct Frame(int SessionId, string Base64Png, long Sequence, bool Premultiplied);
}
