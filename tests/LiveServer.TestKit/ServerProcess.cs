using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.TestKit;

/// <summary>
/// The built server started as its own process on a free loopback port, the way a user runs it,
/// with its segments in a temporary folder, a free UDP media port and the repository's pages
/// (<c>src/LiveServer.Api/wwwroot</c>) as its web root. Its console output is kept for failure messages.
/// It runs with <see cref="TestTokens.Secret"/>, and <see cref="Client"/> carries <see cref="TestTokens.Default"/>.
/// Settings given to <c>StartAsync</c> are environment variables and win over these defaults.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private bool _keepStorage;

    private ServerProcess(Process process, Uri baseAddress, string storagePath, HttpClient? client = null)
    {
        _process = process;
        BaseAddress = baseAddress;
        StoragePath = storagePath;
        Client = client ?? new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Default);
    }

    /// <summary>Where browsers reach the server (its loopback address, or its address in a test network).</summary>
    public Uri BaseAddress { get; }

    public string StoragePath { get; }

    /// <summary>The TLS endpoint of a server started by <see cref="StartWithHttpsAsync"/>; null otherwise.</summary>
    public Uri? HttpsAddress { get; private set; }

    /// <summary>A client of the server carrying <see cref="TestTokens.Default"/>.</summary>
    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<ServerProcess> StartAsync(params (string Key, string Value)[] settings) => StartOnAsync(null, settings);

    /// <summary>
    /// The server on the data folder <paramref name="storage"/> (segments, database, recordings), which
    /// it leaves in place when it is disposed, so a second server can start on the same data; null: a
    /// fresh temporary folder, deleted afterwards.
    /// </summary>
    public static async Task<ServerProcess> StartOnAsync(string? storage, params (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var info = ServerStartInfo(["--urls", $"http://127.0.0.1:{port}"]);
        var folder = Configure(info, settings, storage);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var server = await LaunchAsync(info, process => new ServerProcess(process, baseAddress, folder));
        server._keepStorage = storage is not null;
        return server;
    }

    /// <summary>Kills the server with SIGKILL (a crash: nothing of it runs after) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// The server with a second, TLS endpoint (<see cref="HttpsAddress"/>) on a free loopback port, using
    /// the PKCS #12 certificate at <paramref name="certificatePath"/> as Kestrel's default certificate
    /// (<c>Kestrel:Certificates:Default</c>), the way the README configures HTTPS.
    /// </summary>
    public static async Task<ServerProcess> StartWithHttpsAsync(string certificatePath, string certificatePassword, params (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var httpsPort = FreePort();
        var info = ServerStartInfo(["--urls", $"http://127.0.0.1:{port};https://127.0.0.1:{httpsPort}"]);
        var storage = Configure(
            info, [.. settings, ("Kestrel__Certificates__Default__Path", certificatePath), ("Kestrel__Certificates__Default__Password", certificatePassword)]);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var server = await LaunchAsync(info, process => new ServerProcess(process, baseAddress, storage));
        server.HttpsAddress = new Uri($"https://127.0.0.1:{httpsPort}");
        return server;
    }

    /// <summary>
    /// The server in the server namespace of <paramref name="network"/> with the default media settings
    /// (every interface address announced, UDP 5090): browsers in the client namespace reach it at its
    /// address there (<see cref="BaseAddress"/>); <see cref="Client"/> reaches it from this process over
    /// a Unix socket, which no network namespace separates.
    /// </summary>
    public static async Task<ServerProcess> StartInNamespaceAsync(TestNetwork network, params (string Key, string Value)[] settings)
    {
        const int port = 5080;
        var socketPath = Path.Combine(Path.GetTempPath(), "liveserver-e2e", Guid.NewGuid().ToString("N")[..12] + ".sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socketPath)!);
        var inner = ServerStartInfo(["--urls", $"http://{network.ServerAddress}:{port};http://unix:{socketPath}"]);
        var info = TestNetwork.StartInfo(network.ServerNamespace, inner.FileName, inner.ArgumentList);
        info.WorkingDirectory = inner.WorkingDirectory;
        var storage = Configure(info, settings);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(30) };
        var baseAddress = new Uri($"http://{network.ServerAddress}:{port}");
        return await LaunchAsync(info, process => new ServerProcess(process, baseAddress, storage, client));
    }

    // The test settings every started server gets; returns its storage folder (segments; the database and recordings beside them).
    private static string Configure(ProcessStartInfo info, (string Key, string Value)[] settings, string? storage = null)
    {
        storage ??= Path.Combine(Path.GetTempPath(), "liveserver-e2e", Guid.NewGuid().ToString("N"));
        info.Environment["Hls__StoragePath"] = storage;
        info.Environment["Storage__Database"] = Path.Combine(storage, "liveserver.db");
        info.Environment["Storage__RecordingsPath"] = Path.Combine(storage, "recordings");
        info.Environment["Storage__MinFreeBytes"] = "0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Auth__Secret"] = TestTokens.Secret;

        // Tests start livestreams while other test work loads the machine; admission control has its own tests.
        info.Environment["Admission__CpuBudgetCores"] = "1024";
        info.Environment["Admission__LateTickShare"] = "1";

        // The build output has no wwwroot of its own (only `dotnet publish` copies it there).
        info.Environment["ASPNETCORE_WEBROOT"] = Path.Combine(RepositoryRoot(), "src", "LiveServer.Api", "wwwroot");
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        return storage;
    }

    private static async Task<ServerProcess> LaunchAsync(ProcessStartInfo info, Func<Process, ServerProcess> create)
    {
        var process = Process.Start(info)!;
        var server = create(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>A token for this server (see <see cref="TestTokens.Issue(IReadOnlyList{string}, string?, string?, TimeSpan?)"/>).</summary>
    public static string IssueToken(IReadOnlyList<string> roles, string? roomId = null, string? participantId = null, TimeSpan? lifetime = null) =>
        TestTokens.Issue(roles, roomId, participantId, lifetime);

    public Task<HlsStateRecorder> RecordHlsStatesAsync(string roomId) =>
        HlsStateRecorder.ConnectAsync(
            new HubConnectionBuilder()
                .WithUrl(new Uri(BaseAddress, "/hubs/rooms"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(TestTokens.Default))
                .Build(),
            roomId,
            CancellationToken.None);

    /// <summary>
    /// Runs the built server executable with <paramref name="args"/> to its exit (a subcommand, or a start
    /// that must fail), in a temporary working folder; <paramref name="environment"/> values of null remove
    /// a variable. Returns the exit code, standard output and standard error.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var info = ServerStartInfo(args);
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server did not exit within {timeout}:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>The built server run by <c>dotnet</c> with <paramref name="args"/>, its output redirected, its WebRTC port a free one on loopback.</summary>
    private static ProcessStartInfo ServerStartInfo(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerAssembly())!,
        };
        info.ArgumentList.Add(ServerAssembly());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["WebRtc__UdpPort"] = FreeUdpPort().ToString(CultureInfo.InvariantCulture);
        info.Environment["WebRtc__BindAddress"] = "127.0.0.1";
        return info;
    }

    /// <summary>Sends SIGTERM, as Ctrl-C, systemd or docker stop do, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!ProcessSignal.Terminate(_process.Id))
        {
            throw new InvalidOperationException("Could not send SIGTERM to the server.");
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_keepStorage)
        {
            return;
        }

        try
        {
            Directory.Delete(StoragePath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not become healthy:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The folder that holds LiveServer.sln, found above the test's build output.</summary>
    public static string RepositoryRoot()
    {
        var testFolder = AppContext.BaseDirectory;
        var root = new DirectoryInfo(testFolder);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LiveServer.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("LiveServer.sln not found above " + testFolder);
    }

    /// <summary>The server's own build output (src/LiveServer.Api/bin/{configuration}/net10.0/LiveServer.dll).</summary>
    private static string ServerAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "src", "LiveServer.Api", "bin", configuration, "net10.0", "LiveServer.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the server first.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
