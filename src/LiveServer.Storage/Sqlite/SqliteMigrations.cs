using Microsoft.Data.Sqlite;

namespace LiveServer.Storage.Sqlite;

/// <summary>
/// The schema, as numbered migrations applied in order at startup, each in its own transaction and
/// recorded in <c>schema_migrations</c>. A released migration is never edited: a change is a new one.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Every migration, by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "rooms, participant sessions, livestreams, status history, room events", """
            CREATE TABLE rooms (
                id TEXT PRIMARY KEY,
                created_at TEXT NOT NULL,
                last_seq INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE participant_sessions (
                id TEXT PRIMARY KEY,
                room_id TEXT NOT NULL,
                participant_id TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                joined_at TEXT NOT NULL,
                left_at TEXT);
            CREATE INDEX participant_sessions_room ON participant_sessions (room_id, joined_at);
            CREATE TABLE livestreams (
                id TEXT PRIMARY KEY,
                room_id TEXT NOT NULL,
                config TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                failure_reason TEXT,
                stats TEXT,
                base_url TEXT NOT NULL);
            CREATE INDEX livestreams_room ON livestreams (room_id, started_at);
            CREATE TABLE livestream_status_changes (
                livestream_id TEXT NOT NULL,
                status TEXT NOT NULL,
                at TEXT NOT NULL,
                reason TEXT);
            CREATE INDEX livestream_status_changes_livestream ON livestream_status_changes (livestream_id);
            CREATE TABLE room_events (
                room_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                type TEXT NOT NULL,
                at TEXT NOT NULL,
                data TEXT NOT NULL,
                PRIMARY KEY (room_id, seq));
            """),
        (2, "recordings, webhooks, retention", """
            ALTER TABLE livestreams ADD COLUMN webhook_url TEXT;
            ALTER TABLE livestreams ADD COLUMN recording_enabled INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE livestreams ADD COLUMN files_deleted INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE recordings (
                id TEXT PRIMARY KEY,
                livestream_id TEXT NOT NULL,
                room_id TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                duration_sec REAL,
                size_bytes INTEGER,
                error TEXT);
            CREATE INDEX recordings_room ON recordings (room_id, started_at);
            CREATE INDEX recordings_ended ON recordings (ended_at);
            CREATE TABLE webhook_deliveries (
                id TEXT PRIMARY KEY,
                webhook_id TEXT NOT NULL,
                webhook_type TEXT NOT NULL,
                url TEXT NOT NULL,
                room_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                give_up_at TEXT NOT NULL,
                last_attempt_at TEXT,
                last_error TEXT,
                delivered_at TEXT);
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE INDEX webhook_deliveries_order ON webhook_deliveries (url, room_id, status, seq);
            """),
        (3, "pubsub messages, room bans", """
            CREATE TABLE pubsub_messages (
                room_id TEXT NOT NULL,
                topic TEXT NOT NULL,
                id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                sender_id TEXT NOT NULL,
                sender_name TEXT NOT NULL,
                message TEXT NOT NULL,
                at TEXT NOT NULL,
                deleted_at TEXT,
                PRIMARY KEY (room_id, id));
            CREATE INDEX pubsub_messages_topic ON pubsub_messages (room_id, topic, seq);
            CREATE TABLE room_bans (
                room_id TEXT NOT NULL,
                participant_id TEXT NOT NULL,
                banned_at TEXT NOT NULL,
                banned_by TEXT NOT NULL,
                PRIMARY KEY (room_id, participant_id));
            """),
        (4, "polls, poll options, poll votes", """
            CREATE TABLE polls (
                id TEXT PRIMARY KEY,
                room_id TEXT NOT NULL,
                question TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                closes_at TEXT,
                closed_at TEXT);
            CREATE INDEX polls_room ON polls (room_id, created_at);
            CREATE TABLE poll_options (
                poll_id TEXT NOT NULL,
                option_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                text TEXT NOT NULL,
                PRIMARY KEY (poll_id, option_id));
            CREATE TABLE poll_votes (
                poll_id TEXT NOT NULL,
                voter_id TEXT NOT NULL,
                option_id TEXT NOT NULL,
                voted_at TEXT NOT NULL,
                PRIMARY KEY (poll_id, voter_id));
            """),
        (5, "questions, question upvotes, gifts", """
            CREATE TABLE questions (
                id TEXT PRIMARY KEY,
                room_id TEXT NOT NULL,
                text TEXT NOT NULL,
                asker_id TEXT NOT NULL,
                asker_name TEXT NOT NULL,
                status TEXT NOT NULL,
                asked_at TEXT NOT NULL,
                answered_at TEXT,
                answer TEXT,
                hidden_at TEXT);
            CREATE INDEX questions_room ON questions (room_id, asked_at);
            CREATE TABLE question_upvotes (
                question_id TEXT NOT NULL,
                voter_id TEXT NOT NULL,
                upvoted_at TEXT NOT NULL,
                PRIMARY KEY (question_id, voter_id));
            CREATE TABLE gifts (
                id TEXT PRIMARY KEY,
                room_id TEXT NOT NULL,
                gift_id TEXT NOT NULL,
                gift_name TEXT NOT NULL,
                value INTEGER NOT NULL,
                from_id TEXT NOT NULL,
                from_name TEXT NOT NULL,
                to_id TEXT NOT NULL,
                to_name TEXT,
                at TEXT NOT NULL);
            CREATE INDEX gifts_recipient ON gifts (room_id, to_id, at);
            """),
    ];

    /// <summary>The newest version.</summary>
    public static int Latest => All[^1].Version;

    /// <summary>Applies every migration above the database's version, up to <paramref name="upTo"/>; returns the versions applied.</summary>
    public static IReadOnlyList<int> Apply(SqliteConnection connection, TimeProvider time, int upTo = int.MaxValue)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
        var current = CurrentVersion(connection);
        if (current > Latest)
        {
            throw new StoreUnavailableException(
                $"The database {connection.DataSource} has schema version {current}, newer than this server's {Latest}; run a newer LiveServer or restore a backup.");
        }

        var applied = new List<int>();
        foreach (var (version, name, sql) in All)
        {
            if (version <= current || version > upTo)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $at);";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$n", name);
            record.Parameters.AddWithValue("$at", SqliteValues.Time(time.GetUtcNow()));
            record.ExecuteNonQuery();
            transaction.Commit();
            applied.Add(version);
        }

        return applied;
    }

    /// <summary>The highest migration applied (0 for an empty database).</summary>
    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
