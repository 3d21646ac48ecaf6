using System.Text.Json;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Cluster;

/// <summary>The server running an app is killed with SIGKILL (a process of its own): the app moves once the cluster has downed it.</summary>
[Collection(TimingCollection.Name)]
public class OwnerKillSpecs : IAsyncLifetime
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(2);
    private readonly ServerClusterFixture _cluster = new() { StableAfter = StableAfter };
    private ServerProcess? _owner;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_owner is not null) await _owner.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_cron_app_runs_again_on_another_server_within_30_s_of_its_server_being_killed_with_no_due_time_doubled()
    {
        var http = _cluster.Nodes.Http;
        // The killed server starts first and alone, so the app's entity starts there; two servers in this process join it.
        _owner = await ServerProcess.StartAsync(http, [.. await _cluster.StoreSettingsAsync(),
            "oms.instance.receive-timeout=3s", "oms.instance.report-timeout=2s", "oms.instance.retry-delay=200ms", "oms.worker.timeout=3s",
            "oms.instance.worker-grace=1s", $"oms.cluster.stable-after={StableAfter.TotalSeconds}s"], TimeSpan.FromSeconds(30));
        var appId = await RegisterAppAsync(http, _owner.WebAddress, "cron-app");
        _cluster.Nodes.Auth.Remember(appId, "cron-app", "secret");
        await TestNodes.EventuallyAsync(() => OwnerWebAsync(http, _owner.WebAddress, "cron-app"), web => web == _owner.WebAddress, TimeSpan.FromSeconds(15));
        await _cluster.StartAsync("http", "http", count: 2, seed: $"127.0.0.1:{_owner.ClusterPort}", members: 3);
        Assert.Equal(_owner.WebAddress, await OwnerWebAsync(http, _cluster.Servers[0].WebAddress, "cron-app"));

        await _cluster.StartWorkerAsync("cron-app", "http", _owner.WebAddress);
        var api = new OpenApiClient(http, _cluster.Servers[0]);
        var jobId = await api.SaveJobAsync(new
        {
            appId, jobName = "tick", processorInfo = "echo", timeExpressionType = "CRON", timeExpression = "*/1 * * * * *", instanceRetryNum = 1,
        });
        await TestNodes.EventuallyAsync(() => api.InstancesOfJobAsync(appId, jobId), all => all.Count(Succeeded) >= 3, TimeSpan.FromSeconds(15));

        _owner.Kill();
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var resumed = await TestNodes.EventuallyAsync(() => api.InstancesOfJobAsync(appId, jobId),
            all => all.Any(i => Ms(i, "expectedTriggerTime") > killedAt && Succeeded(i)), TimeSpan.FromSeconds(40));
        var firstRun = resumed.Where(i => Ms(i, "expectedTriggerTime") > killedAt && Succeeded(i)).Min(i => Ms(i, "actualTriggerTime"));
        Assert.InRange(firstRun - killedAt, 0, 30_000);
        var newOwner = await _cluster.OwnerAsync("cron-app");
        Assert.Contains(newOwner, _cluster.Servers);

        await TestNodes.EventuallyAsync(() => api.InstancesOfJobAsync(appId, jobId),
            all => all.Count(i => Ms(i, "expectedTriggerTime") > killedAt && Succeeded(i)) >= 3, TimeSpan.FromSeconds(15));
        await api.FormAsync("/openApi/disableJob", ("appId", appId), ("jobId", jobId));
        var ended = await TestNodes.EventuallyAsync(() => api.InstancesOfJobAsync(appId, jobId),
            list => list.All(i => i.GetProperty("status").GetInt32() is 4 or 5 or 9 or 10), TimeSpan.FromSeconds(20));

        var due = ended.Select(i => Ms(i, "expectedTriggerTime")).ToList();
        Assert.Equal(due.Count, due.Distinct().Count());
        Assert.All(due, d => Assert.Equal(0, d % 1000));
    }

    private static async Task<long> RegisterAppAsync(HttpClient http, string web, string appName)
    {
        using var response = await http.PostAsync($"http://{web}/appInfo/save",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["appName"] = appName, ["password"] = "secret" }));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("success").GetBoolean(), body.ToString());
        return body.GetProperty("data").GetInt64();
    }

    /// <summary>The web address of the server running the app's entity, as <paramref name="web"/> sees it; null while none answers.</summary>
    private static async Task<string?> OwnerWebAsync(HttpClient http, string web, string appName)
    {
        var cluster = JsonDocument.Parse(await http.GetStringAsync($"http://{web}/system/cluster")).RootElement;
        return cluster.GetProperty("members").EnumerateArray()
            .Where(m => m.GetProperty("apps").EnumerateArray().Any(a => a.GetString() == appName))
            .Select(m => m.GetProperty("web").GetString()).FirstOrDefault();
    }

    private static bool Succeeded(JsonElement i) => i.GetProperty("status").GetInt32() == 5;

    private static long Ms(JsonElement i, string field) =>
        i.GetProperty(field).ValueKind == JsonValueKind.Number ? i.GetProperty(field).GetInt64() : 0;
}
