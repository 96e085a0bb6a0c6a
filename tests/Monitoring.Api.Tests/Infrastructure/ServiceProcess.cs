using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.SqlClient;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// The real service, started as its own process on a loopback port over its own data folder,
/// so that tests can also kill it without warning and start it again on the same database.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string AdminPassword = "admin-test-password-1";

    // Every service this process started; ended on exit too, so a test host that stops early leaves none behind.
    private static readonly List<Process> Started = [];

    private readonly StringBuilder _output = new();
    // The service's 5 s write deadline suits a ward's server; the suite shares two cores with a browser suite, so its
    // services wait longer, and the tests of the deadline itself (locked store, bounded intake) set their own.
    private readonly Dictionary<string, string> _environment = new() { ["Monitoring__Database__WriteTimeoutSeconds"] = "30" };
    private bool _ownsDataPath = true;
    private int? _openFiles;
    private Process? _process;

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllStarted();

    private ServiceProcess(Store store, string dataPath, string? sqlServerConnectionString)
    {
        Store = store;
        DataPath = dataPath;
        SqlServerConnectionString = sqlServerConnectionString;
    }

    public Store Store { get; }

    public string DataPath { get; }

    public string? SqlServerConnectionString { get; }

    /// <summary>The folder the process is started in: its data folder, never the application's own.</summary>
    public string WorkingDirectory => DataPath;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    public int? ProcessId => _process?.Id;

    public bool HasExited => _process is not { HasExited: false };

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

    /// <summary>
    /// Starts the service. <paramref name="sharedDataPath"/> lets a second instance run on the first one's
    /// database and signing key; <paramref name="environment"/> adds settings such as the Redis backplane;
    /// <paramref name="openFiles"/> lowers the process's open-files limit (<c>ulimit -n</c>).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(Store store, IReadOnlyList<string>? extraArguments = null, string? sharedDataPath = null,
        IReadOnlyDictionary<string, string>? environment = null, int? openFiles = null)
    {
        var dataPath = sharedDataPath ?? Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        string? sqlServer = null;
        if (store == Store.SqlServer)
        {
            sqlServer = new SqlConnectionStringBuilder(StoreSettings.SqlServerConnectionString)
            {
                InitialCatalog = $"monitoring_test_{Guid.NewGuid():N}",
            }.ConnectionString;
        }
        var service = new ServiceProcess(store, dataPath, sqlServer) { _ownsDataPath = sharedDataPath is null, _openFiles = openFiles };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            service._environment[key] = value;
        }
        await service.StartAgainAsync(extraArguments);
        return service;
    }

    /// <summary>Starts (or restarts) the service on the same data folder, database and port.</summary>
    public async Task StartAgainAsync(IReadOnlyList<string>? extraArguments = null)
    {
        // A restart keeps its address, as a real restart does: open dashboards reconnect to it.
        var port = BaseAddress.IsDefaultPort ? FreeLoopbackPort() : BaseAddress.Port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        // Started from its data folder, not its own: the service must find its settings and dashboard anyway.
        // With a limit, a shell sets it and then becomes the service (exec): the process ended is still the service.
        var start = new ProcessStartInfo(_openFiles is null ? "dotnet" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        if (_openFiles is { } openFiles)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"ulimit -n {openFiles.ToString(System.Globalization.CultureInfo.InvariantCulture)} && exec dotnet \"$@\"");
            start.ArgumentList.Add("bash");
        }
        start.ArgumentList.Add(RepositoryPaths.ApiAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString());
        foreach (var argument in extraArguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Monitoring__DataPath"] = DataPath;
        start.Environment["MONITORING_ADMIN_PASSWORD"] = AdminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        if (SqlServerConnectionString is not null)
        {
            start.Environment["Monitoring__Database__Provider"] = "sqlserver";
            start.Environment["ConnectionStrings__Monitoring"] = SqlServerConnectionString;
        }
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        lock (Started)
        {
            Started.Add(_process);
        }
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <summary>Ends the process at once, as a power cut or an OOM kill would: no graceful shutdown.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Signs in through the API and answers the access token.</summary>
    public async Task<string> TokenAsync(string username, string password)
    {
        using var anonymous = CreateClient();
        return (string)(await PostOkAsync(anonymous, "/api/auth/token", new { username, password }))["accessToken"]!;
    }

    /// <summary>A client that carries the user's token.</summary>
    public async Task<HttpClient> SignedInAsync(string username, string password) => CreateClient(await TokenAsync(username, password));

    /// <summary>Posts JSON (with an <c>Idempotency-Key</c> when given) and answers the body; any other answer than success throws with the body.</summary>
    public static async Task<JsonObject> PostOkAsync(HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        if (_process is not null)
        {
            lock (Started)
            {
                Started.Remove(_process);
            }
            _process.Dispose();
        }
        await Task.Yield();
        if (!_ownsDataPath)
        {
            return;
        }
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static void KillAllStarted()
    {
        lock (Started)
        {
            foreach (var process in Started)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already disposed: it was ended by its test.
                }
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The service did not become ready:\n{Output}");
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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
