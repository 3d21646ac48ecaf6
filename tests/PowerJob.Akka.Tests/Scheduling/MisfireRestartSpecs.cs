using Microsoft.Extensions.Time.Testing;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>
/// Each misfire policy across a server restart: a FIXED_RATE job is saved on a server, the server stops, a fake clock
/// moves 50.5 minutes on, and a new server on the same store takes the app: the instances and the next fire it leaves
/// are exactly what the policy promises.
/// </summary>
public sealed class MisfireRestartSpecs : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pj-misfire-{Guid.NewGuid():N}.db");
    private readonly TestNodes _nodes = new();
    // Whole milliseconds, as the store keeps times.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private readonly List<ServerNode> _servers = [];

    [Theory]
    [InlineData("FIRE_ONCE_NOW", 1)]
    [InlineData("SKIP", 0)]
    [InlineData("FIRE_ALL", 3)]
    public async Task After_a_restart_the_missed_fires_follow_the_job_policy(string policy, int expectedFires)
    {
        var first = await StartServerAsync();
        var appId = await _nodes.RegisterAppAsync(first, "misfire");
        var jobId = await new OpenApiClient(_nodes.Http, first).SaveJobAsync(new
        {
            appId, jobName = "every-5-min", processorInfo = "echo", executeType = "STANDALONE", timeExpressionType = "FIXED_RATE",
            timeExpression = ((long)Interval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            advancedRuntimeConfig = new { misfirePolicy = policy, misfireMaxFires = 3 },
        });
        var store = first.Services.GetRequiredService<IPowerJobStore>();
        var due = (await store.FindJobAsync(jobId))!.NextTriggerTime!.Value;
        await StopAsync(first);

        _clock.Advance(TimeSpan.FromMinutes(50.5));
        var now = _clock.GetUtcNow();
        var missed = new List<DateTimeOffset>();
        for (var t = due; t <= now; t += Interval) missed.Add(t);
        Assert.Equal(10, missed.Count);
        var second = await StartServerAsync();
        store = second.Services.GetRequiredService<IPowerJobStore>();

        // FIRE_ONCE_NOW and SKIP continue from now; FIRE_ALL from the last missed due time.
        var expectedNext = policy == "FIRE_ALL" ? missed[^1] + Interval : now + Interval;
        var job = await TestNodes.EventuallyAsync(() => store.FindJobAsync(jobId), j => j!.NextTriggerTime > now, TimeSpan.FromSeconds(30));
        Assert.Equal(expectedNext, job!.NextTriggerTime);
        var instances = await store.QueryInstancesAsync(new InstanceQuery(appId, JobId: jobId));
        var expectedDue = policy switch
        {
            "FIRE_ONCE_NOW" => [missed[0]],
            "SKIP" => [],
            _ => missed[^3..],
        };
        Assert.Equal(expectedFires, instances.Count);
        Assert.Equal(expectedDue, instances.Select(i => i.ExpectedTriggerTime!.Value).Order());
    }

    private async Task<ServerNode> StartServerAsync()
    {
        var server = await ServerNode.StartAsync(TestNodes.ServerOptions() with { ConnectionString = $"Data Source={_file}" },
            services => services.AddSingleton<TimeProvider>(_clock));
        _servers.Add(server);
        return server;
    }

    private async Task StopAsync(ServerNode server)
    {
        _servers.Remove(server);
        await server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        await _nodes.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }
}
