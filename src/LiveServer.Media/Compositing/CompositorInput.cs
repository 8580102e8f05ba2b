using LiveServer.Domain.Participants;
using LiveServer.Media.Decoding;

namespace LiveServer.Media.Compositing;

/// <summary>One participant as the compositor sees it: its decoders, created for one livestream.</summary>
public sealed class CompositorInput : IAsyncDisposable
{
    /// <summary>Starts the decoders of <paramref name="participant"/>'s tracks (camera and screen share only when <paramref name="decodeVideo"/>).</summary>
    public CompositorInput(Participant participant, bool decodeVideo, string ffmpegPath, TimeSpan stopTimeout, Microsoft.Extensions.Logging.ILogger logger)
    {
        ParticipantId = participant.Id;
        Name = participant.Name;
        Video = decodeVideo && participant.Video is { } video ? new VideoDecoder(video, ffmpegPath, stopTimeout, logger) : null;
        ScreenShare = decodeVideo && participant.ScreenShare is { } screen ? new VideoDecoder(screen, ffmpegPath, stopTimeout, logger) : null;
        Audio = participant.Audio is { } audio ? new AudioDecoder(audio, logger) : null;
    }

    /// <summary>The participant's id.</summary>
    public string ParticipantId { get; }

    /// <summary>The participant's display name.</summary>
    public string Name { get; }

    /// <summary>The video decoder, when the participant has video and the stream shows it.</summary>
    public VideoDecoder? Video { get; }

    /// <summary>The screen-share decoder, when the participant shares a screen and the stream shows video.</summary>
    public VideoDecoder? ScreenShare { get; }

    /// <summary>The audio decoder, when the participant has audio.</summary>
    public AudioDecoder? Audio { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Video is not null)
        {
            await Video.DisposeAsync().ConfigureAwait(false);
        }

        if (ScreenShare is not null)
        {
            await ScreenShare.DisposeAsync().ConfigureAwait(false);
        }

        if (Audio is not null)
        {
            await Audio.DisposeAsync().ConfigureAwait(false);
        }
    }
}
