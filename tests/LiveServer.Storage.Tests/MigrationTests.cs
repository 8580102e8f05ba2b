using LiveServer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LiveServer.Storage.Tests;

/// <summary>The schema comes from numbered migrations: an empty file gets all of them, an older one the ones it lacks, with its rows kept.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task EmptyDatabase_GetsEveryMigration_InOrder()
    {
        await using var store = SqliteLiveStore.Open(_db.Path, TimeProvider.System);

        Assert.Equal(SqliteMigrations.Latest, store.SchemaVersion);
        Assert.Equal(SqliteMigrations.All.Select(m => (long)m.Version), Column<long>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal("wal", Column<string>("PRAGMA journal_mode").Single());
    }

    [Fact]
    public async Task PreviousVersion_IsMigrated_AndKeepsItsRows()
    {
        // A database as the first schema left it, with a room, a livestream and an event in it.
        await using (var old = SqliteLiveStore.Open(_db.Path, TimeProvider.System, upToVersion: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
        }

        Execute("""
            INSERT INTO rooms (id, created_at, last_seq) VALUES ('old-room', '2026-01-02T03:04:05.0000000Z', 1);
            INSERT INTO livestreams (id, room_id, config, status, started_at, ended_at, failure_reason, stats, base_url)
                VALUES ('hls-old', 'old-room', '{}', 'HLS_STOPPED', '2026-01-02T03:05:00.0000000Z', '2026-01-02T03:06:00.0000000Z', NULL, NULL, 'http://x');
            INSERT INTO room_events (room_id, seq, type, at, data) VALUES ('old-room', 1, 'participantJoined', '2026-01-02T03:04:06.0000000Z', '{}');
            """);

        await using var store = SqliteLiveStore.Open(_db.Path, TimeProvider.System);

        Assert.Equal(SqliteMigrations.Latest, store.SchemaVersion);
        var room = Assert.Single(await store.LoadRoomsAsync(CancellationToken.None));
        Assert.Equal(("old-room", 1L), (room.Id, room.LastSeq));
        var livestream = Assert.Single(await store.LoadLivestreamsAsync(CancellationToken.None));
        Assert.Equal(("hls-old", "HLS_STOPPED", false, false, null), (livestream.Id, livestream.Status, livestream.RecordingEnabled, livestream.FilesDeleted, livestream.WebhookUrl));
        Assert.Single(await store.LoadEventsAsync("old-room", 0, 10, CancellationToken.None));
        Assert.Empty((await store.ListRecordingsAsync(null, 1, 10, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Reopening_AppliesNothingTwice()
    {
        await using (SqliteLiveStore.Open(_db.Path, TimeProvider.System))
        {
        }

        await using var store = SqliteLiveStore.Open(_db.Path, TimeProvider.System);
        Assert.Equal(SqliteMigrations.All.Count, Column<long>("SELECT COUNT(*) FROM schema_migrations").Single());
    }

    [Fact]
    public async Task NewerSchema_IsRefused_NamingTheFile()
    {
        await using (SqliteLiveStore.Open(_db.Path, TimeProvider.System))
        {
        }

        Execute($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({SqliteMigrations.Latest + 1}, 'future', 'x')");

        var error = Assert.Throws<StoreUnavailableException>(() => SqliteLiveStore.Open(_db.Path, TimeProvider.System));
        Assert.Contains(_db.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a database at all, just text that someone wrote over the file")]
    [InlineData("")]
    public async Task CorruptFile_IsRefused_NamingTheFileAndWhatToDo(string content)
    {
        File.WriteAllText(_db.Path, content.Length == 0 ? string.Empty : string.Concat(Enumerable.Repeat(content, 200)));
        if (content.Length == 0)
        {
            // An empty file is a new database to SQLite: that one opens.
            await using var store = SqliteLiveStore.Open(_db.Path, TimeProvider.System);
            return;
        }

        var error = Assert.Throws<StoreUnavailableException>(() => SqliteLiveStore.Open(_db.Path, TimeProvider.System));
        Assert.Contains(_db.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Restore it from a backup", error.Message, StringComparison.Ordinal);
        Assert.Equal(content.Length * 200, new FileInfo(_db.Path).Length);
    }

    [Fact]
    public async Task DamagedPages_AreRefused()
    {
        await using (var store = SqliteLiveStore.Open(_db.Path, TimeProvider.System))
        {
            var writes = Enumerable.Range(0, 2000)
                .Select(i => (StoreWrite)new StoreWrite.SaveRoom(new StoredRoom($"room-{i:D5}-{new string('x', 40)}", DateTimeOffset.UtcNow, 0)))
                .ToList();
            await store.WriteAsync(writes, CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        SqliteConnection.ClearAllPools();

        // Scribble over the middle of the file, past the header: pages of the rooms' table and index.
        using (var file = new FileStream(_db.Path, FileMode.Open, FileAccess.Write))
        {
            file.Position = file.Length / 2;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        var error = Assert.Throws<StoreUnavailableException>(() => SqliteLiveStore.Open(_db.Path, TimeProvider.System));
        Assert.Contains(_db.Path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _db.Dispose();

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<T> Column<T>(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
