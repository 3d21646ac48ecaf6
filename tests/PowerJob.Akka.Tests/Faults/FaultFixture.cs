namespace PowerJob.Akka.Tests.Faults;

/// <summary>The fault scenarios start real processes and kill them; they run one at a time, beside the other tests.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}

/// <summary>
/// A scenario's nodes (child processes) and store; everything is killed and deleted at the end, and a failed assertion
/// carries every node's last output.
/// </summary>
[Collection(FaultCollection.Name)]
public abstract class FaultFixture : IAsyncLifetime
{
    /// <summary>Short timeouts so a lost worker or instance shows within seconds.</summary>
    protected static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(3);
    protected static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);
    protected static readonly string[] ShortTimeouts =
    [
        "--oms.instance.report-timeout=3s", "--oms.instance.receive-timeout=3s", "--oms.instance.retry-delay=200ms",
        "--oms.worker.timeout=3s", "--oms.instance.worker-grace=1s",
    ];

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<NodeProcess> _nodes = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("pj-faults-").FullName;

    protected string SqliteFile => Path.Combine(_dir, "powerjob.db");
    protected string SqliteConnectionString => $"Data Source={SqliteFile}";

    public virtual Task InitializeAsync() => Task.CompletedTask;

    protected async Task<ServerProcess> StartSqliteServerAsync(params string[] settings)
    {
        var server = await ServerProcess.StartAsync("sqlite", SqliteConnectionString, [.. ShortTimeouts, .. settings]);
        _owned.Add(server);
        return server;
    }

    protected async Task<ServerProcess> StartServerAsync(string provider, string connectionString, params string[] settings)
    {
        var server = await ServerProcess.StartAsync(provider, connectionString, [.. ShortTimeouts, .. settings]);
        _owned.Add(server);
        return server;
    }

    protected Task<WorkerProcess> StartWorkerAsync(string name, string appName, ServerProcess server, string protocol, params string[] settings) =>
        StartWorkerAsync(name, appName, server.WebAddress, protocol, settings);

    protected async Task<WorkerProcess> StartWorkerAsync(string name, string appName, string serverWebAddress, string protocol, params string[] settings)
    {
        var worker = await WorkerProcess.StartAsync(name, appName, serverWebAddress, protocol, settings);
        _owned.Add(worker);
        _nodes.Add(worker.Node);
        return worker;
    }

    protected T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Every node's last output, servers' current process included, for failure messages.</summary>
    protected string Output(params ServerProcess[] servers) =>
        string.Join("\n", servers.Select(s => s.Node).Concat(_nodes).Select(n => n.Output()));

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try { await _owned[i].DisposeAsync(); }
            catch (Exception e) { Console.Error.WriteLine($"disposing fault node: {e.Message}"); }
        }
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
