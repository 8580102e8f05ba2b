using System.Globalization;
using System.Net;

namespace LiveServer.TestKit.Services;

/// <summary>
/// A real PostgreSQL (Debian's package, <c>/usr/lib/postgresql/*/bin</c>) on a free loopback port
/// with a fresh cluster in a temporary folder (fsync off: a test's data need not survive a power
/// loss), started with <c>pg_ctl</c> as the <c>postgres</c> user when the tests run as root
/// (PostgreSQL refuses root), trust authentication for user <c>liveserver</c> on loopback only.
/// Stopped (immediate) and deleted on dispose. <c>scripts/test.sh</c> installs it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private int _databases;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string to the <c>postgres</c> database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>Initialises a cluster and starts it (pg_ctl waits until it accepts connections).</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (scripts/test.sh installs it: apt-get install postgresql)");
        }

        var folder = Directory.CreateTempSubdirectory("liveserver-pg-").FullName;
        var port = PageServer.FreePort(IPAddress.Loopback);
        var server = new PostgresServer(bin, folder, port);
        try
        {
            if (IsRoot)
            {
                await ToolProcess.RunAsync("chown", ["-R", "postgres:postgres", folder], cancellationToken);
            }

            var data = Path.Combine(folder, "data");
            await server.RunAsPostgresAsync("initdb", ["-D", data, "-U", "liveserver", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"], cancellationToken);
            var options = string.Join(' ', "-p", port.ToString(CultureInfo.InvariantCulture), "-k", folder, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200");
            await server.RunAsPostgresAsync("pg_ctl", ["-D", data, "-l", Path.Combine(folder, "log"), "-o", options, "-w", "-t", "60", "start"], cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates a fresh, empty database and returns a connection string to it (Npgsql's form).</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "test_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        await ToolProcess.RunAsync(
            Path.Combine(_bin, "psql"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "liveserver", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", $"CREATE DATABASE {name}"],
            cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>The server's log so far (for failure messages).</summary>
    public string Log => File.Exists(Path.Combine(_folder, "log")) ? File.ReadAllText(Path.Combine(_folder, "log")) : string.Empty;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var data = Path.Combine(_folder, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                await RunAsPostgresAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=liveserver;Database={database};Pooling=true";

    private Task<(string Output, string Errors)> RunAsPostgresAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_bin, program);
        return IsRoot
            ? ToolProcess.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken, workingDirectory: _folder)
            : ToolProcess.RunAsync(path, arguments, cancellationToken);
    }
}
