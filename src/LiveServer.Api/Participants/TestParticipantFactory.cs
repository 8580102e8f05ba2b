using System.Text.RegularExpressions;
using LiveServer.Domain.Participants;
using LiveServer.Media;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.TestSources;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Participants;

/// <summary>Validates test participant requests and starts their sources.</summary>
public sealed partial class TestParticipantFactory(
    FfmpegInstallation ffmpeg, IOptions<MediaOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    private const int MaxSpeechMs = 600_000;
    private static readonly int[] DefaultTones = [440, 554, 659, 784, 880, 988, 1175, 1319];
    private int _created;

    /// <summary>Field errors of a request, empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(CreateTestParticipantRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64 || request.Name.Any(char.IsControl))
        {
            errors["name"] = ["name is required: 1 to 64 printable characters."];
        }

        var pattern = request.Pattern?.ToLowerInvariant();
        if (pattern is not (null or "testsrc" or "color" or "counter"))
        {
            errors["pattern"] = [$"'{request.Pattern}' is not one of testsrc, color, counter."];
        }

        if (request.Color is not null && !ColorPattern().IsMatch(request.Color))
        {
            errors["color"] = ["color must be #rrggbb."];
        }
        else if (pattern == "color" && request.Color is null)
        {
            errors["color"] = ["pattern 'color' needs a color (#rrggbb)."];
        }

        if (request.ToneHz is < 50 or > 8000)
        {
            errors["toneHz"] = ["toneHz must be between 50 and 8000."];
        }

        CheckDimension(request.Width, "width", errors);
        CheckDimension(request.Height, "height", errors);
        if (request.Fps is < 1 or > 60)
        {
            errors["fps"] = ["fps must be between 1 and 60."];
        }

        if (request.Speech is { } speech)
        {
            ValidateSpeech(speech, errors);
        }

        return errors;
    }

    /// <summary>
    /// Starts a test source and wraps it as a participant. The request must be valid. The participant's
    /// <see cref="Participant.JoinedAt"/> is the start of its replay clock: source frame n is published
    /// at <c>joinedAt + n / fps</c> (once its clip is there).
    /// </summary>
    public Participant Create(CreateTestParticipantRequest request)
    {
        var index = Interlocked.Increment(ref _created) - 1;
        var pattern = request.Pattern?.ToLowerInvariant() == "counter" ? TestPattern.Counter
            : request.Color is not null ? TestPattern.Color
            : TestPattern.Moving;
        var settings = new TestParticipantSettings(
            request.Name!.Trim(),
            pattern == TestPattern.Color ? request.Color : null,
            request.ToneHz ?? DefaultTones[index % DefaultTones.Length],
            request.Width ?? 640,
            request.Height ?? 360,
            request.Fps ?? 30,
            request.Speech is { } speech
                ? new SpeechSchedule(
                    TimeSpan.FromMilliseconds(speech.TalkMs!.Value),
                    TimeSpan.FromMilliseconds(speech.SilenceMs!.Value),
                    TimeSpan.FromMilliseconds(speech.OffsetMs ?? 0))
                : null,
            pattern);
        var id = "p-" + Guid.NewGuid().ToString("N")[..12];
        var logger = loggers.CreateLogger("LiveServer.TestParticipant");
        var store = new TestClipStore(options.Value.TestSourceCache, ffmpeg.RequirePath(), logger);
        var joinedAt = time.GetUtcNow();
        var source = TestParticipantSource.Start(settings, store, time, logger);
        return new Participant(id, settings.Name, ParticipantKind.Test, joinedAt, source.Video, source.Audio, source.DisposeAsync);
    }

    private static void ValidateSpeech(SpeechRequest speech, Dictionary<string, string[]> errors)
    {
        CheckSpeechMs(speech.TalkMs, "speech.talkMs", required: true, errors);
        CheckSpeechMs(speech.SilenceMs, "speech.silenceMs", required: true, errors);
        CheckSpeechMs(speech.OffsetMs, "speech.offsetMs", required: false, errors);
        if (speech.TalkMs is 0 && speech.SilenceMs is 0)
        {
            errors["speech.talkMs"] = ["speech.talkMs and speech.silenceMs cannot both be 0."];
        }
    }

    private static void CheckSpeechMs(int? value, string field, bool required, Dictionary<string, string[]> errors)
    {
        if (value is null && required)
        {
            errors[field] = [$"{field} is required with speech: 0 to {MaxSpeechMs} ms."];
        }
        else if (value is < 0 or > MaxSpeechMs)
        {
            errors[field] = [$"{field} must be between 0 and {MaxSpeechMs} ms."];
        }
    }

    private static void CheckDimension(int? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is { } v && (v < 64 || v > 1920 || v % 2 != 0))
        {
            errors[field] = [$"{field} must be an even number between 64 and 1920."];
        }
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}\\z")]
    private static partial Regex ColorPattern();
}
