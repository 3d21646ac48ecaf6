using System.Text.Json;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Tests.Storage;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Host.Samples;
using PowerJob.Akka.Worker.Hosting;

namespace PowerJob.Akka.Tests.Cluster;

/// <summary>
/// Three servers in one Akka.Cluster on loopback sharing one store: PostgreSQL when POWERJOB_TEST_POSTGRES is set
/// (as in CI), otherwise one SQLite file.
/// </summary>
public sealed class ServerClusterFixture : IAsyncDisposable
{
    private readonly PostgresTestDatabase? _postgres = PostgresTestDatabase.ServerConnectionString is null ? null : new PostgresTestDatabase();
    private readonly string _sqliteFile = Path.Combine(Path.GetTempPath(), $"pj-cluster-{Guid.NewGuid():N}.db");

    private bool _storeCreated;

    public TestNodes Nodes { get; } = new();
    public List<ServerNode> Servers { get; } = [];

    /// <summary>The store every server of the cluster shares, as server settings (for a server in a process of its own).</summary>
    public async Task<IReadOnlyList<string>> StoreSettingsAsync()
    {
        await CreateStoreAsync();
        return _postgres is null
            ? ["oms.storage.provider=sqlite", $"oms.storage.connection-string=Data Source={_sqliteFile}"]
            : ["oms.storage.provider=postgres", $"oms.storage.connection-string={_postgres.NewConnectionString()}"];
    }

    /// <summary>
    /// Starts <paramref name="count"/> servers; the first seeds the cluster unless <paramref name="seed"/> (host:clusterPort)
    /// names a server already running, which then counts among the <paramref name="members"/> awaited.
    /// </summary>
    public async Task StartAsync(string active, string main, int count = 3, string? seed = null, int? members = null)
    {
        await CreateStoreAsync();
        for (var i = 0; i < count; i++)
        {
            var options = TestNodes.ServerOptions(active, main) with
            {
                SeedNodes = seed is not null ? [seed] : i == 0 ? [] : [$"127.0.0.1:{Servers[0].Ports.ClusterPort}"],
                StorageProvider = _postgres is null ? StorageProvider.Sqlite : StorageProvider.Postgres,
                ConnectionString = _postgres?.NewConnectionString() ?? $"Data Source={_sqliteFile}",
                ReceiveTimeout = TimeSpan.FromSeconds(3),
                ReportTimeout = TimeSpan.FromSeconds(2),
                RetryDelay = TimeSpan.FromMilliseconds(200),
                WorkerTimeout = TimeSpan.FromSeconds(3),
                ClusterStableAfter = StableAfter ?? TimeSpan.FromSeconds(10),
            };
            Servers.Add(await Nodes.StartServerAsync(options));
        }
        foreach (var server in Servers)
            await TestNodes.EventuallyAsync(() => UpMembersAsync(server), up => up == (members ?? count), TimeSpan.FromSeconds(30));
    }

    /// <summary>The split-brain resolver's stable-after; a test that kills a server shortens it, so its apps move sooner.</summary>
    public TimeSpan? StableAfter { get; init; }

    private async Task CreateStoreAsync()
    {
        if (_storeCreated) return;
        _storeCreated = true;
        if (_postgres is not null) await _postgres.CreateAsync();
    }

    public async Task<int> UpMembersAsync(ServerNode server) =>
        (await ClusterAsync(server)).GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");

    public Task<JsonElement> ClusterAsync(ServerNode server) => Nodes.GetJsonAsync($"http://{server.WebAddress}/system/cluster");

    /// <summary>App name → owning member's web address, as <paramref name="server"/> sees it.</summary>
    public async Task<Dictionary<string, string>> OwnersAsync(ServerNode server)
    {
        var owners = new Dictionary<string, string>();
        foreach (var member in (await ClusterAsync(server)).GetProperty("members").EnumerateArray())
            foreach (var app in member.GetProperty("apps").EnumerateArray())
                owners.Add(app.GetString()!, member.GetProperty("web").GetString() ?? "?");
        return owners;
    }

    public async Task<ServerNode> OwnerAsync(string appName)
    {
        var web = (await TestNodes.EventuallyAsync(() => OwnersAsync(Servers[0]), o => o.ContainsKey(appName), TimeSpan.FromSeconds(15)))[appName];
        return Servers.Single(s => s.WebAddress == web);
    }

    public async Task<WorkerNode> StartWorkerAsync(string appName, string protocol, params string[] moreServers)
    {
        var options = TestNodes.WorkerOptions(Servers[0], appName, protocol) with
        {
            ServerAddresses = [.. moreServers, .. Servers.Select(s => s.WebAddress)],
        };
        var worker = await Nodes.StartWorkerAsync(options, services => services.AddSampleProcessors());
        await TestNodes.ReadyAsync(worker, TimeSpan.FromSeconds(20));
        return worker;
    }

    public async Task StopAsync(ServerNode server)
    {
        Servers.Remove(server);
        await server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Nodes.DisposeAsync();
        if (_postgres is not null) await _postgres.DropAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" }) File.Delete(file);
    }
}
