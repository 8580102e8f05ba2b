using Microsoft.Data.Sqlite;

namespace LiveServer.Storage.Sqlite;

/// <summary>The SQL of each <see cref="StoreWrite"/>.</summary>
internal static class SqliteWrites
{
    /// <summary>Sets <paramref name="command"/>'s text and parameters for <paramref name="write"/>.</summary>
    public static void Prepare(SqliteCommand command, StoreWrite write)
    {
        switch (write)
        {
            case StoreWrite.SaveRoom(var room):
                command.CommandText = "INSERT INTO rooms (id, created_at, last_seq) VALUES ($id, $at, $seq) ON CONFLICT (id) DO NOTHING;";
                command.Add("$id", room.Id);
                command.Add("$at", SqliteValues.Time(room.CreatedAt));
                command.Add("$seq", room.LastSeq);
                break;
            case StoreWrite.SessionStarted(var s):
                command.CommandText = """
                    INSERT INTO participant_sessions (id, room_id, participant_id, name, kind, joined_at, left_at)
                    VALUES ($id, $room, $participant, $name, $kind, $joined, $left);
                    """;
                command.Add("$id", s.Id);
                command.Add("$room", s.RoomId);
                command.Add("$participant", s.ParticipantId);
                command.Add("$name", s.Name);
                command.Add("$kind", s.Kind);
                command.Add("$joined", SqliteValues.Time(s.JoinedAt));
                command.Add("$left", SqliteValues.Time(s.LeftAt));
                break;
            case StoreWrite.SessionEnded(var id, var leftAt):
                command.CommandText = "UPDATE participant_sessions SET left_at = $left WHERE id = $id AND left_at IS NULL;";
                command.Add("$id", id);
                command.Add("$left", SqliteValues.Time(leftAt));
                break;
            case StoreWrite.SaveLivestream(var l):
                command.CommandText = """
                    INSERT INTO livestreams (id, room_id, config, status, started_at, ended_at, failure_reason, stats, base_url,
                                             webhook_url, recording_enabled, files_deleted)
                    VALUES ($id, $room, $config, $status, $started, $ended, $reason, $stats, $base, $webhook, $recording, $deleted)
                    ON CONFLICT (id) DO UPDATE SET config = excluded.config, status = excluded.status, ended_at = excluded.ended_at,
                        failure_reason = excluded.failure_reason, stats = excluded.stats, files_deleted = excluded.files_deleted;
                    """;
                command.Add("$id", l.Id);
                command.Add("$room", l.RoomId);
                command.Add("$config", l.ConfigJson);
                command.Add("$status", l.Status);
                command.Add("$started", SqliteValues.Time(l.StartedAt));
                command.Add("$ended", SqliteValues.Time(l.EndedAt));
                command.Add("$reason", l.FailureReason);
                command.Add("$stats", l.StatsJson);
                command.Add("$base", l.BaseUrl);
                command.Add("$webhook", l.WebhookUrl);
                command.Add("$recording", l.RecordingEnabled ? 1 : 0);
                command.Add("$deleted", l.FilesDeleted ? 1 : 0);
                break;
            case StoreWrite.AddStatusChange(var c):
                command.CommandText = "INSERT INTO livestream_status_changes (livestream_id, status, at, reason) VALUES ($id, $status, $at, $reason);";
                command.Add("$id", c.LivestreamId);
                command.Add("$status", c.Status);
                command.Add("$at", SqliteValues.Time(c.At));
                command.Add("$reason", c.Reason);
                break;
            case StoreWrite.AppendEvent(var e, var deliveries):
                PrepareEvent(command, e, deliveries);
                break;
            case StoreWrite.SaveRecording(var r):
                command.CommandText = """
                    INSERT INTO recordings (id, livestream_id, room_id, status, started_at, ended_at, duration_sec, size_bytes, error)
                    VALUES ($id, $livestream, $room, $status, $started, $ended, $duration, $size, $error)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at,
                        duration_sec = excluded.duration_sec, size_bytes = excluded.size_bytes, error = excluded.error;
                    """;
                command.Add("$id", r.Id);
                command.Add("$livestream", r.LivestreamId);
                command.Add("$room", r.RoomId);
                command.Add("$status", r.Status);
                command.Add("$started", SqliteValues.Time(r.StartedAt));
                command.Add("$ended", SqliteValues.Time(r.EndedAt));
                command.Add("$duration", r.DurationSec);
                command.Add("$size", r.SizeBytes);
                command.Add("$error", r.Error);
                break;
            case StoreWrite.DeleteRecording(var id):
                command.CommandText = "DELETE FROM recordings WHERE id = $id;";
                command.Add("$id", id);
                break;
            case StoreWrite.UpdateDelivery(var d):
                command.CommandText = """
                    UPDATE webhook_deliveries SET status = $status, attempts = $attempts, next_attempt_at = $next, give_up_at = $giveUp,
                        last_attempt_at = $last, last_error = $error, delivered_at = $delivered WHERE id = $id;
                    """;
                command.Add("$id", d.Id);
                command.Add("$status", d.Status);
                command.Add("$attempts", d.Attempts);
                command.Add("$next", SqliteValues.Time(d.NextAttemptAt));
                command.Add("$giveUp", SqliteValues.Time(d.GiveUpAt));
                command.Add("$last", SqliteValues.Time(d.LastAttemptAt));
                command.Add("$error", d.LastError);
                command.Add("$delivered", SqliteValues.Time(d.DeliveredAt));
                break;
            case StoreWrite.SavePubsubMessage(var m):
                command.CommandText = """
                    INSERT INTO pubsub_messages (room_id, topic, id, seq, sender_id, sender_name, message, at, deleted_at)
                    VALUES ($room, $topic, $id, $seq, $sender, $name, $message, $at, $deleted);
                    """;
                command.Add("$room", m.RoomId);
                command.Add("$topic", m.Topic);
                command.Add("$id", m.Id);
                command.Add("$seq", m.Seq);
                command.Add("$sender", m.SenderId);
                command.Add("$name", m.SenderName);
                command.Add("$message", m.Message);
                command.Add("$at", SqliteValues.Time(m.At));
                command.Add("$deleted", SqliteValues.Time(m.DeletedAt));
                break;
            case StoreWrite.DeletePubsubMessage(var room, var id, var deletedAt):
                command.CommandText = "UPDATE pubsub_messages SET deleted_at = $deleted WHERE room_id = $room AND id = $id AND deleted_at IS NULL;";
                command.Add("$room", room);
                command.Add("$id", id);
                command.Add("$deleted", SqliteValues.Time(deletedAt));
                break;
            case StoreWrite.SaveRoomBan(var b):
                command.CommandText = """
                    INSERT INTO room_bans (room_id, participant_id, banned_at, banned_by) VALUES ($room, $participant, $at, $by)
                    ON CONFLICT (room_id, participant_id) DO NOTHING;
                    """;
                command.Add("$room", b.RoomId);
                command.Add("$participant", b.ParticipantId);
                command.Add("$at", SqliteValues.Time(b.BannedAt));
                command.Add("$by", b.BannedBy);
                break;
            case StoreWrite.SavePoll(var p):
                PreparePoll(command, p);
                break;
            case StoreWrite.SavePollVote(var v):
                command.CommandText = """
                    INSERT INTO poll_votes (poll_id, voter_id, option_id, voted_at) VALUES ($poll, $voter, $option, $at)
                    ON CONFLICT (poll_id, voter_id) DO NOTHING;
                    """;
                command.Add("$poll", v.PollId);
                command.Add("$voter", v.VoterId);
                command.Add("$option", v.OptionId);
                command.Add("$at", SqliteValues.Time(v.VotedAt));
                break;
            case StoreWrite.ClosePoll(var pollId, var closedAt):
                command.CommandText = "UPDATE polls SET status = 'closed', closed_at = $closed WHERE id = $id AND status = 'open';";
                command.Add("$id", pollId);
                command.Add("$closed", SqliteValues.Time(closedAt));
                break;
            case StoreWrite.SaveQuestion(var q):
                command.CommandText = """
                    INSERT INTO questions (id, room_id, text, asker_id, asker_name, status, asked_at, answered_at, answer, hidden_at)
                    VALUES ($id, $room, $text, $asker, $name, $status, $asked, $answered, $answer, $hidden) ON CONFLICT (id) DO NOTHING;
                    """;
                command.Add("$id", q.Id);
                command.Add("$room", q.RoomId);
                command.Add("$text", q.Text);
                command.Add("$asker", q.AskerId);
                command.Add("$name", q.AskerName);
                command.Add("$status", q.Status);
                command.Add("$asked", SqliteValues.Time(q.AskedAt));
                command.Add("$answered", SqliteValues.Time(q.AnsweredAt));
                command.Add("$answer", q.Answer);
                command.Add("$hidden", SqliteValues.Time(q.HiddenAt));
                break;
            case StoreWrite.SaveQuestionUpvote(var u):
                command.CommandText = """
                    INSERT INTO question_upvotes (question_id, voter_id, upvoted_at) VALUES ($question, $voter, $at)
                    ON CONFLICT (question_id, voter_id) DO NOTHING;
                    """;
                command.Add("$question", u.QuestionId);
                command.Add("$voter", u.VoterId);
                command.Add("$at", SqliteValues.Time(u.UpvotedAt));
                break;
            case StoreWrite.AnswerQuestion(var questionId, var answeredAt, var answer):
                command.CommandText = "UPDATE questions SET status = 'answered', answered_at = $answered, answer = $answer WHERE id = $id AND status = 'open';";
                command.Add("$id", questionId);
                command.Add("$answered", SqliteValues.Time(answeredAt));
                command.Add("$answer", answer);
                break;
            case StoreWrite.HideQuestion(var questionId, var hiddenAt):
                command.CommandText = "UPDATE questions SET status = 'hidden', hidden_at = $hidden WHERE id = $id AND status <> 'hidden';";
                command.Add("$id", questionId);
                command.Add("$hidden", SqliteValues.Time(hiddenAt));
                break;
            case StoreWrite.SaveGift(var g):
                command.CommandText = """
                    INSERT INTO gifts (id, room_id, gift_id, gift_name, value, from_id, from_name, to_id, to_name, at)
                    VALUES ($id, $room, $gift, $giftName, $value, $from, $fromName, $to, $toName, $at) ON CONFLICT (id) DO NOTHING;
                    """;
                command.Add("$id", g.Id);
                command.Add("$room", g.RoomId);
                command.Add("$gift", g.GiftId);
                command.Add("$giftName", g.GiftName);
                command.Add("$value", g.Value);
                command.Add("$from", g.FromId);
                command.Add("$fromName", g.FromName);
                command.Add("$to", g.ToId);
                command.Add("$toName", g.ToName);
                command.Add("$at", SqliteValues.Time(g.At));
                break;
            case StoreWrite.DeleteRoomBan(var room, var participant):
                command.CommandText = "DELETE FROM room_bans WHERE room_id = $room AND participant_id = $participant;";
                command.Add("$room", room);
                command.Add("$participant", participant);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(write), write.GetType().Name, "Unknown store write.");
        }
    }

    /// <summary>The poll's row and one row per option, as one command.</summary>
    private static void PreparePoll(SqliteCommand command, StoredPoll p)
    {
        var sql = new System.Text.StringBuilder("""
            INSERT INTO polls (id, room_id, question, status, created_at, closes_at, closed_at)
            VALUES ($id, $room, $question, $status, $created, $closes, $closed) ON CONFLICT (id) DO NOTHING;
            """);
        command.Add("$id", p.Id);
        command.Add("$room", p.RoomId);
        command.Add("$question", p.Question);
        command.Add("$status", p.Status);
        command.Add("$created", SqliteValues.Time(p.CreatedAt));
        command.Add("$closes", SqliteValues.Time(p.ClosesAt));
        command.Add("$closed", SqliteValues.Time(p.ClosedAt));
        for (var i = 0; i < p.Options.Count; i++)
        {
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"INSERT INTO poll_options (poll_id, option_id, position, text) VALUES ($id, $o{i}, {i}, $t{i}) ON CONFLICT DO NOTHING;");
            command.Add($"$o{i}", p.Options[i].Id);
            command.Add($"$t{i}", p.Options[i].Text);
        }

        command.CommandText = sql.ToString();
    }

    /// <summary>The event row, the room's last sequence number and one row per delivery, as one command.</summary>
    private static void PrepareEvent(SqliteCommand command, StoredRoomEvent e, IReadOnlyList<StoredWebhookDelivery> deliveries)
    {
        var sql = new System.Text.StringBuilder("""
            INSERT INTO room_events (room_id, seq, type, at, data) VALUES ($room, $seq, $type, $at, $data);
            UPDATE rooms SET last_seq = MAX(last_seq, $seq) WHERE id = $room;
            """);
        command.Add("$room", e.RoomId);
        command.Add("$seq", e.Seq);
        command.Add("$type", e.Type);
        command.Add("$at", SqliteValues.Time(e.At));
        command.Add("$data", e.DataJson);
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"""

                INSERT INTO webhook_deliveries (id, webhook_id, webhook_type, url, room_id, seq, body, status, attempts, created_at,
                                                next_attempt_at, give_up_at)
                VALUES ($d{i}, $w{i}, $t{i}, $u{i}, $room, $seq, $b{i}, $s{i}, 0, $c{i}, $n{i}, $g{i});
                """);
            command.Add($"$d{i}", d.Id);
            command.Add($"$w{i}", d.WebhookId);
            command.Add($"$t{i}", d.WebhookType);
            command.Add($"$u{i}", d.Url);
            command.Add($"$b{i}", d.Body);
            command.Add($"$s{i}", d.Status);
            command.Add($"$c{i}", SqliteValues.Time(d.CreatedAt));
            command.Add($"$n{i}", SqliteValues.Time(d.NextAttemptAt));
            command.Add($"$g{i}", SqliteValues.Time(d.GiveUpAt));
        }

        command.CommandText = sql.ToString();
    }
}
