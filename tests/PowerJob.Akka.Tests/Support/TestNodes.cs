using System.Net.Http.Json;
using System.Text.Json;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Hosting;

namespace PowerJob.Akka.Tests.Support;

/// <summary>Servers and workers on loopback with ports picked by the OS, each server on its own SQLite file.</summary>
public sealed class TestNodes : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _nodes = [];
    private readonly List<string> _files = [];

    /// <summary>Remembers the apps registered here and signs OpenAPI calls about them in (<see cref="OpenApiAuthHandler"/>).</summary>
    public OpenApiAuthHandler Auth { get; } = new();

    public HttpClient Http { get; }

    public TestNodes() => Http = new HttpClient(Auth) { Timeout = TimeSpan.FromSeconds(15) };

    public static ServerOptions ServerOptions(string active = "AKKA,HTTP", string main = "HTTP", params string[] extra) =>
        PowerJob.Akka.Configuration.ServerOptions.Read(NodeConfiguration.FromHocon("",
            [$"--oms.transporter.active.protocols={active}", $"--oms.transporter.main.protocol={main}",
            "--oms.akka.port=0", "--oms.http.port=0", "--server.port=0", "--oms.cluster.port=0",
            "--oms.bind-hostname=127.0.0.1", "--oms.instance.worker-grace=1s", .. extra]));

    public async Task<ServerNode> StartServerAsync(ServerOptions options, Action<IServiceCollection>? configure = null)
    {
        if (options.StorageProvider == StorageProvider.Sqlite && options.ConnectionString == "Data Source=powerjob.db")
        {
            var file = Path.Combine(Path.GetTempPath(), $"pj-test-{Guid.NewGuid():N}.db");
            _files.Add(file);
            options = options with { ConnectionString = $"Data Source={file}" };
        }
        var server = await ServerNode.StartAsync(options, configure);
        _nodes.Add(server);
        return server;
    }

    public Task<ServerNode> StartServerAsync(string active = "AKKA,HTTP", string main = "HTTP") =>
        StartServerAsync(ServerOptions(active, main));

    public async Task<long> RegisterAppAsync(ServerNode server, string appName, string password = "secret")
    {
        using var response = await Http.PostAsync($"http://{server.WebAddress}/appInfo/save",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["appName"] = appName, ["password"] = password }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean(), body.ToString());
        var appId = body.GetProperty("data").GetInt64();
        Auth.Remember(appId, appName, password);
        return appId;
    }

    public static WorkerOptions WorkerOptions(ServerNode server, string appName, string protocol) => new WorkerOptions
    {
        AppName = appName,
        ServerAddresses = [server.WebAddress],
        Protocol = Protocols.TryParse(protocol, out var p) ? p : throw new ArgumentException(protocol),
        Port = 0,
        BindHostname = "127.0.0.1",
        HealthReportInterval = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>
    /// Starts a worker. Without an <see cref="WorkerOptions.AppPassword"/> it takes the password its app was registered with
    /// here (or the default "secret"); specs of workers without one start <see cref="WorkerNode"/> themselves.
    /// </summary>
    public async Task<WorkerNode> StartWorkerAsync(WorkerOptions options, Action<IServiceCollection>? configure = null)
    {
        options = options with { AppPassword = options.AppPassword ?? Auth.PasswordOf(options.AppName) ?? "secret" };
        var worker = await WorkerNode.StartAsync(options, configure);
        _nodes.Add(worker);
        return worker;
    }

    public Task<WorkerNode> StartWorkerAsync(ServerNode server, string appName, string protocol) =>
        StartWorkerAsync(WorkerOptions(server, appName, protocol));

    /// <summary>Polls until <paramref name="condition"/> holds, failing with the last state after <paramref name="timeout"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        T last = await probe();
        while (!condition(last))
        {
            if (cts.IsCancellationRequested)
                Assert.Fail($"condition not met within {timeout.TotalSeconds} s; last state: {JsonSerializer.Serialize(last)}");
            await Task.Delay(50);
            last = await probe();
        }
        return last;
    }

    public static Task<WorkerHealth> ReadyAsync(WorkerNode worker, TimeSpan? timeout = null) =>
        EventuallyAsync(() => worker.HealthAsync(), h => h.Ready, timeout ?? TimeSpan.FromSeconds(15));

    public async Task<JsonElement> GetJsonAsync(string url) => await Http.GetFromJsonAsync<JsonElement>(url);

    public async Task<JsonElement> WorkersAsync(ServerNode server, long appId) =>
        (await GetJsonAsync($"http://{server.WebAddress}/openApi/fetchWorkers?appId={appId}")).GetProperty("data");

    public async ValueTask DisposeAsync()
    {
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            try { await _nodes[i].DisposeAsync(); }
            catch (Exception e) { Console.Error.WriteLine($"disposing test node: {e.Message}"); }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in _files)
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                File.Delete(f);
        Http.Dispose();
    }
}
