using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.WebRtc.Sessions;
using DomainCodec = LiveServer.Domain.Participants.MediaCodec;
using WireCodec = LiveServer.WebRtc.Rtp.MediaCodec;

namespace LiveServer.Api.Ingest;

/// <summary>
/// Turns a WebRTC session into a room participant: its complete frames go into the participant's
/// tracks (frames of <see cref="PeerSession.ScreenShareMid"/> into the screen-share track, other video
/// into the camera track) (copied out of the receive buffer once), keyframe requests from decoders go back as RTCP
/// PLI, and when the session closes (DELETE, consent timeout, DTLS failure, BYE) the participant leaves.
/// </summary>
public sealed class WebRtcParticipantFactory(TimeProvider time, ILogger<WebRtcParticipantFactory> logger)
{
    /// <summary>
    /// Creates the participant for <paramref name="session"/> in <paramref name="room"/> and adds it, with
    /// <paramref name="participantId"/> as its id when the publisher's token names one, else a new id.
    /// Null when the room holds <paramref name="capacity"/> participants or one with that id; the
    /// caller closes the session then.
    /// </summary>
    public Participant? Join(Room room, PeerSession session, string name, int capacity, Action onLeft, string? participantId = null)
    {
        var screenMid = session.ScreenShareMid;
        var cameraMedia = session.Answer.Media
            .FirstOrDefault(m => m.Accepted && m.Media == "video" && m.Codec is not null && m.Mid != screenMid);
        var screenMedia = screenMid is null
            ? null
            : session.Answer.Media.FirstOrDefault(m => m.Accepted && m.Media == "video" && m.Codec is not null && m.Mid == screenMid);
        var video = cameraMedia is null ? null : new ParticipantTrack(TrackKind.Video, ToDomain(cameraMedia.Codec!.Codec));
        var screenShare = screenMedia is null ? null : new ParticipantTrack(TrackKind.Video, ToDomain(screenMedia.Codec!.Codec));
        var audio = session.HasAudio ? new ParticipantTrack(TrackKind.Audio, DomainCodec.Opus) : null;
        var id = participantId ?? "w-" + Guid.NewGuid().ToString("N")[..12];
        var participant = new Participant(
            id,
            name,
            ParticipantKind.WebRtc,
            time.GetUtcNow(),
            video,
            audio,
            () => session.CloseAsync(),
            () => Counters(session),
            screenShare);
        // Added before the session is wired to it: a refused participant's session must not remove
        // another participant of the same id when it closes.
        if (!room.TryAdd(participant, capacity))
        {
            return null;
        }

        if (video is not null)
        {
            video.KeyframeRequested += session.RequestKeyframe;
        }

        if (screenShare is not null)
        {
            // A PLI goes to every video SSRC; the camera's extra keyframe is harmless.
            screenShare.KeyframeRequested += session.RequestKeyframe;
        }

        session.FrameReceived += (_, frame) =>
        {
            var track = frame.Kind == MediaKind.Audio ? audio
                : screenMid is not null && frame.Mid == screenMid ? screenShare
                : video;
            track?.Publish(new EncodedFrame(track.Codec, frame.IsKeyframe, frame.RtpTimestamp, time.GetUtcNow(), frame.Payload.ToArray(), AudioLevelDbov: frame.Level?.LevelDbov));
        };
        session.Closed += (closed, reason) =>
        {
            logger.LogInformation(
                "WebRTC session of participant {ParticipantId} closed: {Reason}; {@Counters}", id, reason, Counters(closed));
            if (room.Remove(id) is { } left)
            {
                _ = left.DisposeAsync().AsTask();
            }

            onLeft();
        };
        session.Connected += _ => logger.LogInformation("WebRTC session of participant {ParticipantId} ({Name}) connected", id, name);
        return participant;
    }

    private static DomainCodec ToDomain(WireCodec codec) => codec == WireCodec.H264 ? DomainCodec.H264 : DomainCodec.Vp8;

    private static IReadOnlyDictionary<string, long> Counters(PeerSession session)
    {
        var c = session.Counters;
        var t = session.Timeline;
        var counters = new Dictionary<string, long>
        {
            ["packets"] = c.PacketsReceived,
            ["bytes"] = c.BytesReceived,
            ["lost"] = c.PacketsLost,
            ["retransmissions"] = c.RetransmissionsReceived,
            ["droppedForTest"] = c.PacketsDroppedForTest,
            ["nacksSent"] = c.NacksSent,
            ["nackedPackets"] = c.NackedPackets,
            ["plisSent"] = c.PlisSent,
            ["keyframes"] = c.Keyframes,
            ["decryptFailures"] = c.DecryptFailures,
            ["framesEmitted"] = c.FramesEmitted,
            ["framesDiscarded"] = c.FramesDiscarded,
            ["packetsRefused"] = c.PacketsRefused,
            ["rembBitrate"] = c.LastRembBitrate,
        };

        // Where connecting spent its time, in milliseconds from the answer (absent until the step happened).
        foreach (var (key, value) in (ReadOnlySpan<(string, TimeSpan?)>)[
            ("connectFirstCheckMs", t.FirstCheck), ("connectNominatedMs", t.Nominated), ("connectDtlsMs", t.DtlsConnected),
            ("connectFirstVideoPacketMs", t.FirstVideoPacket), ("connectFirstPliMs", t.FirstPli), ("connectFirstFrameMs", t.FirstFrame), ("connectFirstKeyframeMs", t.FirstKeyframe)])
        {
            if (value is { } elapsed)
            {
                counters[key] = (long)elapsed.TotalMilliseconds;
            }
        }

        return counters;
    }
}
