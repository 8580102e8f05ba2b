namespace LiveServer.Domain.Livestreams;

/// <summary>The encoded output a config asks for.</summary>
/// <param name="Width">Canvas width in pixels.</param>
/// <param name="Height">Canvas height in pixels.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="VideoBitrateKbps">Target video bitrate.</param>
/// <param name="AudioBitrateKbps">AAC bitrate.</param>
public sealed record OutputFormat(int Width, int Height, int Fps, int VideoBitrateKbps, int AudioBitrateKbps)
{
    /// <summary>Audio is always 48 kHz stereo.</summary>
    public const int AudioSampleRate = 48_000;

    /// <summary>Channels of the mixed audio.</summary>
    public const int AudioChannels = 2;
}
