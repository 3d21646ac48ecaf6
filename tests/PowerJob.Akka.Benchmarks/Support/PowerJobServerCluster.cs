using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// Several real servers in one Akka.Cluster (the first seeds it), all on one PostgreSQL schema, and real
/// <see cref="WorkerNode"/>s that know every server, all in this process on loopback with OS-picked ports.
/// Each server has its own connection pool, its own OpenAPI client (signed in on that server) and its own
/// actor system, as it would in a process of its own.
/// </summary>
public sealed class PowerJobServerCluster : IAsyncDisposable
{
    private readonly List<ServerNode> _servers = [];
    private readonly List<OpenApi> _apis = [];
    private readonly List<WorkerNode> _workers = [];
    private readonly HttpClient _http = PowerJobCluster.NewHttpClient();
    private int _next;

    public IReadOnlyList<ServerNode> Servers => _servers;
    public IReadOnlyList<OpenApi> Apis => _apis;
    public StartLog Starts { get; } = new();
    public long AppId { get; private set; }

    /// <summary>The OpenAPI of the servers in turn: calls spread round-robin over the cluster.</summary>
    public OpenApi NextApi() => _apis[(int)((uint)Interlocked.Increment(ref _next) % _apis.Count)];

    public static async Task<PowerJobServerCluster> StartAsync(PostgresBenchDatabase database, int servers, int workers)
    {
        var cluster = new PowerJobServerCluster();
        try
        {
            // The first server seeds the cluster; the others join it together (the store's migration lock orders their start-up).
            cluster._servers.Add(await StartServerAsync(database, 0, null));
            var seed = $"127.0.0.1:{cluster._servers[0].Ports.ClusterPort}";
            cluster._servers.AddRange(await Task.WhenAll(Enumerable.Range(1, servers - 1).Select(i => StartServerAsync(database, i, seed))));
            cluster._apis.AddRange(cluster._servers.Select(s => new OpenApi(cluster._http, s.WebAddress)));
            await cluster.WaitForMembersAsync(TimeSpan.FromSeconds(60));
            cluster.AppId = await cluster._apis[0].RegisterAppAsync(PowerJobCluster.AppName);
            foreach (var api in cluster._apis.Skip(1)) await api.SignInAsync(PowerJobCluster.AppName, cluster.AppId);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => cluster.StartWorkerAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public ActorSystem SystemOf(ServerNode server) => server.Services.GetRequiredService<ActorSystem>();

    /// <summary>Which server (1-based) runs the bench app's entity, as the first server's <c>/system/cluster</c> shows it; 0 if none.</summary>
    public async Task<int> AppOwnerAsync()
    {
        var cluster = await _http.GetFromJsonAsync<JsonElement>($"http://{_servers[0].WebAddress}/system/cluster");
        var web = cluster.GetProperty("members").EnumerateArray()
            .FirstOrDefault(m => m.GetProperty("apps").EnumerateArray().Any(a => a.GetString() == PowerJobCluster.AppName))
            is { ValueKind: JsonValueKind.Object } member ? member.GetProperty("web").GetString() : null;
        return _servers.FindIndex(s => s.WebAddress == web) + 1;
    }

    public Task<long> SaveNoopJobAsync(OpenApi api, string type = "API", string? expression = null, string name = NoopProcessor.Name) =>
        api.SaveJobAsync(new
        {
            appId = AppId, jobName = name, processorInfo = NoopProcessor.Name, executeType = "STANDALONE",
            timeExpressionType = type, timeExpression = expression,
        });

    private static Task<ServerNode> StartServerAsync(PostgresBenchDatabase database, int index, string? seed) =>
        ServerNode.StartAsync(new ServerOptions
        {
            AkkaPort = 0, HttpPort = 0, WebPort = 0, ClusterPort = 0, BindHostname = "127.0.0.1", SeedNodes = seed is null ? [] : [seed],
            StorageProvider = StorageProvider.Postgres, ConnectionString = database.NodeConnectionString($"akka-{index}"),
        }, Quiet);

    private async Task WaitForMembersAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (_servers.Any(s => Cluster.Get(SystemOf(s)).State.Members.Count(m => m.Status == MemberStatus.Up) < _servers.Count))
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"the {_servers.Count} servers did not all see each other Up within {timeout.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }

    private async Task StartWorkerAsync()
    {
        var options = new WorkerOptions
        {
            AppName = PowerJobCluster.AppName, AppPassword = OpenApi.Password, ServerAddresses = [.. _servers.Select(s => s.WebAddress)],
            Protocol = Protocol.Akka, Port = 0, BindHostname = "127.0.0.1", HealthReportInterval = TimeSpan.FromSeconds(1),
        };
        var worker = await WorkerNode.StartAsync(options, services =>
        {
            Quiet(services);
            services.AddSingleton(Starts);
            services.AddPowerJobProcessor<NoopProcessor>(NoopProcessor.Name);
        });
        lock (_workers) _workers.Add(worker);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await worker.HealthAsync(timeout.Token)).Ready) await Task.Delay(50, timeout.Token);
    }

    private static void Quiet(IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(o => o.MinLevel = Environment.GetEnvironmentVariable("BENCH_LOG") == "info" ? LogLevel.Information : LogLevel.Warning);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_workers.Select(w => Safely(w.DisposeAsync)));
        await Task.WhenAll(_servers.Select(s => Safely(s.DisposeAsync)));
        _http.Dispose();
    }

    private static async Task Safely(Func<ValueTask> dispose)
    {
        try { await dispose().AsTask().WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (Exception e) { Console.Error.WriteLine($"bench: shutting a node down: {e.GetBaseException().Message}"); }
    }
}
