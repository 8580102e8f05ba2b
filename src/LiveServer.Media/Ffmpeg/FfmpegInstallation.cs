namespace LiveServer.Media.Ffmpeg;

/// <summary>Where FFmpeg was found at startup, if anywhere.</summary>
/// <param name="Path">The ffmpeg binary, or null when it is missing.</param>
public sealed record FfmpegInstallation(string? Path)
{
    /// <summary>True when livestreams and test participants can run.</summary>
    public bool IsAvailable => Path is not null;

    /// <summary>The path, or an exception saying how to install FFmpeg.</summary>
    public string RequirePath() => Path ?? throw new InvalidOperationException(MissingMessage);

    /// <summary>What to tell an operator when FFmpeg is missing.</summary>
    public const string MissingMessage =
        "FFmpeg was not found: install it (Debian/Ubuntu: apt-get install ffmpeg) or set Media:FfmpegPath.";
}
