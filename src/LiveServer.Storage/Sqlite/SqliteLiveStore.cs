using Microsoft.Data.Sqlite;

namespace LiveServer.Storage.Sqlite;

/// <summary>
/// <see cref="ILiveStore"/> on an SQLite file in WAL mode with <c>synchronous=FULL</c>: a committed
/// batch survives a crash or power loss, and a crash mid-batch leaves the previous state. Writes go
/// through one connection (SQLite has one writer), reads through pooled connections of their own,
/// which WAL lets run beside the writer.
/// </summary>
public sealed partial class SqliteLiveStore : ILiveStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteLiveStore(string path, SqliteConnection writer, string connectionString)
    {
        Path = path;
        _writer = writer;
        _connectionString = connectionString;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating it and its folder when missing) and checks the database, and applies the
    /// migrations it lacks (up to <paramref name="upToVersion"/>, for tests of older schemas).
    /// Throws <see cref="StoreUnavailableException"/> naming the file when it is not a readable database.
    /// </summary>
    public static SqliteLiveStore Open(string path, TimeProvider time, int upToVersion = int.MaxValue)
    {
        var full = System.IO.Path.GetFullPath(path);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        SqliteConnection? writer = null;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            writer = new SqliteConnection(connectionString);
            writer.Open();
            Pragma(writer, "journal_mode = WAL");
            Pragma(writer, "synchronous = FULL");
            var check = Pragma(writer, "quick_check");
            if (!string.Equals(check, "ok", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreUnavailableException(Unreadable(full, $"its integrity check says: {check}"));
            }

            SqliteMigrations.Apply(writer, time, upToVersion);
            return new SqliteLiveStore(full, writer, connectionString);
        }
        catch (SqliteException e)
        {
            writer?.Dispose();
            throw new StoreUnavailableException(Unreadable(full, e.Message.TrimEnd('.')), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            writer?.Dispose();
            throw new StoreUnavailableException(Unreadable(full, e.Message.TrimEnd('.')), e);
        }
        catch
        {
            writer?.Dispose();
            throw;
        }
    }

    /// <summary>The schema version of the open database.</summary>
    public int SchemaVersion => SqliteMigrations.CurrentVersion(_writer);

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _writer.BeginTransaction();
            foreach (var write in writes)
            {
                using var command = _writer.CreateCommand();
                command.Transaction = transaction;
                SqliteWrites.Prepare(command, write);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _writeGate.Dispose();
    }

    private static string Unreadable(string path, string why) =>
        $"The database {path} cannot be used ({why}). Restore it from a backup, or move it away to start with an empty one; the server did not start.";

    private static string? Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma + ";";
        return command.ExecuteScalar()?.ToString();
    }

    private async Task<List<T>> QueryAsync<T>(
        string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<long> ScalarAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _writer.CreateCommand();
            command.CommandText = sql;
            bind(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
