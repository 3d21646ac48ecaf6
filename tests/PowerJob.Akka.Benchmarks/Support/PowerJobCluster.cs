using Akka.Actor;
using Microsoft.Data.Sqlite;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// One real server (SQLite in a temp file, every port picked by the OS, loopback) and real <see cref="WorkerNode"/>s
/// with the no-op processor, all in this process. Logging is at Warning so console output does not take part in
/// the measurement (the server and workers log one Info line per instance otherwise).
/// </summary>
public sealed class PowerJobCluster : IAsyncDisposable
{
    public const string AppName = "bench";

    private readonly List<WorkerNode> _workers = [];
    private readonly string _databaseFile;

    private PowerJobCluster(ServerNode server, StoreProfiler store, string databaseFile, HttpClient http)
    {
        Server = server;
        Store = store;
        _databaseFile = databaseFile;
        Http = http;
        Api = new OpenApi(http, server.WebAddress);
    }

    public ServerNode Server { get; }
    public StoreProfiler Store { get; }
    public HttpClient Http { get; }
    public OpenApi Api { get; }
    public StartLog Starts { get; } = new();
    public long AppId { get; private set; }
    public IReadOnlyList<WorkerNode> Workers => _workers;
    public string ConnectionString => $"Data Source={_databaseFile}";
    public ActorSystem ServerSystem => Server.Services.GetRequiredService<ActorSystem>();

    /// <summary>The <c>--experiment serial-writes</c> option: see <see cref="StoreProfiler"/>.</summary>
    public static bool SerializeStoreWrites { get; set; }

    public static async Task<PowerJobCluster> StartAsync(int workers, Protocol workerProtocol)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pj-bench-{Guid.NewGuid():N}.db");
        var options = new ServerOptions
        {
            AkkaPort = 0, HttpPort = 0, WebPort = 0, ClusterPort = 0, BindHostname = "127.0.0.1",
            ConnectionString = $"Data Source={file}",
        };
        var server = await ServerNode.StartAsync(options, services =>
        {
            Quiet(services);
            services.AddSingleton<IPowerJobStore>(_ => new StoreProfiler(StoreFactory.Create(options.StorageProvider, options.ConnectionString), SerializeStoreWrites));
        });
        var profiler = server.Services.GetRequiredService<IPowerJobStore>() as StoreProfiler
                       ?? throw new InvalidOperationException("the server did not take the profiling store");
        var cluster = new PowerJobCluster(server, profiler, file, NewHttpClient());
        cluster.AppId = await cluster.Api.RegisterAppAsync(AppName);
        for (var i = 0; i < workers; i++) await cluster.StartWorkerAsync(workerProtocol);
        return cluster;
    }

    public static HttpClient NewHttpClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<WorkerNode> StartWorkerAsync(Protocol protocol)
    {
        var options = new WorkerOptions
        {
            AppName = AppName, AppPassword = OpenApi.Password, ServerAddresses = [Server.WebAddress], Protocol = protocol, Port = 0, BindHostname = "127.0.0.1",
            HealthReportInterval = TimeSpan.FromSeconds(1),
        };
        var worker = await WorkerNode.StartAsync(options, services =>
        {
            Quiet(services);
            services.AddSingleton(Starts);
            services.AddPowerJobProcessor<NoopProcessor>(NoopProcessor.Name);
        });
        _workers.Add(worker);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await worker.HealthAsync(timeout.Token)).Ready) await Task.Delay(50, timeout.Token);
        return worker;
    }

    /// <summary>The server's worker-facing address for <paramref name="protocol"/> (host:port).</summary>
    public RemoteTarget ServerTarget(Protocol protocol) => new(protocol,
        Server.Services.GetRequiredService<TransportReadiness>().Endpoints
            .First(e => e.Purpose == (protocol == Protocol.Akka ? BoundEndpoint.AkkaTransport : BoundEndpoint.HttpTransport)).AdvertisedAddress,
        NodeRole.Server);

    public Task<long> SaveNoopJobAsync(string type = "API", string? expression = null, string name = NoopProcessor.Name) =>
        Api.SaveJobAsync(new
        {
            appId = AppId, jobName = name, processorInfo = NoopProcessor.Name, executeType = "STANDALONE",
            timeExpressionType = type, timeExpression = expression,
        });

    /// <summary>A read-only connection to the server's SQLite file, for counting what the store holds.</summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection($"Data Source={_databaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Quiet(IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(o => o.MinLevel = Environment.GetEnvironmentVariable("BENCH_LOG") == "info" ? LogLevel.Information : LogLevel.Warning);

    public async ValueTask DisposeAsync()
    {
        for (var i = _workers.Count - 1; i >= 0; i--) await Safely(() => _workers[i].DisposeAsync().AsTask());
        await Safely(() => Server.DisposeAsync().AsTask());
        Http.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    private static async Task Safely(Func<Task> dispose)
    {
        try { await dispose().WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (Exception e) { Console.Error.WriteLine($"bench: shutting a node down: {e.GetBaseException().Message}"); }
    }
}
