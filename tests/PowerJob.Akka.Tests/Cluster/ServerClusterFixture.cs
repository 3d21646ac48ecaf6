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

    public TestNodes Nodes { get; } = new();
    public List<ServerNode> Servers { get; } = [];

    public async Task StartAsync(string active, string main, int count = 3)
    {
        if (_postgres is not null) await _postgres.CreateAsync();
        for (var i = 0; i < count; i++)
        {
            var options = TestNodes.ServerOptions(active, main) with
            {
                SeedNodes = i == 0 ? [] : [$"127.0.0.1:{Servers[0].Ports.ClusterPort}"],
                StorageProvider = _postgres is null ? StorageProvider.Sqlite : StorageProvider.Postgres,
                ConnectionString = _postgres?.NewConnectionString() ?? $"Data Source={_sqliteFile}",
                ReceiveTimeout = TimeSpan.FromSeconds(3),
                ReportTimeout = TimeSpan.FromSeconds(2),
                RetryDelay = TimeSpan.FromMilliseconds(200),
                WorkerTimeout = TimeSpan.FromSeconds(3),
            };
            Servers.Add(await Nodes.StartServerAsync(options));
        }
        foreach (var server in Servers)
            await TestNodes.EventuallyAsync(() => UpMembersAsync(server), up => up == count, TimeSpan.FromSeconds(30));
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
        var web = (await OwnersAsync(Servers[0]))[appName];
        return Servers.Single(s => s.WebAddress == web);
    }

    public async Task<WorkerNode> StartWorkerAsync(string appName, string protocol)
    {
        var options = TestNodes.WorkerOptions(Servers[0], appName, protocol) with { ServerAddresses = Servers.Select(s => s.WebAddress).ToList() };
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
