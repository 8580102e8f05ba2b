namespace LiveServer.Api.Tests;

/// <summary>
/// A database file in a folder of its own, for tests that start a server twice on the same store
/// (a restart); disposing it deletes the folder.
/// </summary>
internal sealed class TemporaryDatabase : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "liveserver-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The settings that point a <see cref="LiveServerFactory"/> at this database.</summary>
    public Dictionary<string, string?> Settings => new() { ["Storage:Database"] = Path.Combine(_folder, "liveserver.db") };

    /// <inheritdoc />
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
