using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Cluster;

[Collection(TimingCollection.Name)]
public class FailoverSpecs : IAsyncLifetime
{
    private readonly ServerClusterFixture _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData("AKKA,HTTP", "HTTP", "akka")]
    [InlineData("http", "http", "http")]
    public async Task When_the_owner_stops_another_server_takes_over_without_doubling_a_fire(string active, string main, string protocol)
    {
        await _cluster.StartAsync(active, main);
        var appId = await _cluster.Nodes.RegisterAppAsync(_cluster.Servers[0], "cron-app");
        var worker = await _cluster.StartWorkerAsync("cron-app", protocol);
        var owner = await _cluster.OwnerAsync("cron-app");
        var survivor = _cluster.Servers.First(s => s != owner);
        var api = new OpenApiClient(_cluster.Nodes.Http, survivor);
        var jobId = await api.SaveJobAsync(new
        {
            appId, jobName = "tick", processorInfo = "echo", timeExpressionType = "CRON", timeExpression = "*/1 * * * * *", instanceRetryNum = 1,
        });
        var started = DateTimeOffset.UtcNow;
        await TestNodes.EventuallyAsync(() => api.InstancesOfJobAsync(appId, jobId), all => all.Count(Succeeded) >= 3, TimeSpan.FromSeconds(10));

        var stoppedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _cluster.StopAsync(owner);
        var resumed = await TestNodes.EventuallyAsync(() => api.InstancesOfJobAsync(appId, jobId),
            all => all.Any(i => Ms(i, "expectedTriggerTime") > stoppedAt && Succeeded(i)), TimeSpan.FromSeconds(10));
        var takeover = resumed.Where(i => Ms(i, "expectedTriggerTime") > stoppedAt && Succeeded(i)).Min(i => Ms(i, "actualTriggerTime")) - stoppedAt;
        Assert.InRange(takeover, 0, 10_000);

        var newOwner = await _cluster.OwnerAsync("cron-app");
        Assert.NotEqual(owner, newOwner);
        await TestNodes.EventuallyAsync(() => _cluster.Nodes.WorkersAsync(newOwner, appId),
            w => w.EnumerateArray().Any(x => x.GetProperty("alive").GetBoolean()), TimeSpan.FromSeconds(10));
        var transport = protocol == "akka" ? PowerJob.Akka.Transport.BoundEndpoint.AkkaTransport : PowerJob.Akka.Transport.BoundEndpoint.HttpTransport;
        Assert.Equal(newOwner.Ports.Endpoints.Single(e => e.Purpose == transport).AdvertisedAddress, (await worker.HealthAsync()).ServerAddress);

        var rest = started.AddSeconds(30) - DateTimeOffset.UtcNow;
        if (rest > TimeSpan.Zero) await Task.Delay(rest);
        await api.FormAsync("/openApi/disableJob", ("appId", appId), ("jobId", jobId));
        var all = await TestNodes.EventuallyAsync(() => api.InstancesOfJobAsync(appId, jobId),
            list => list.All(i => i.GetProperty("status").GetInt32() is 4 or 5 or 9 or 10), TimeSpan.FromSeconds(15));

        var expected = all.Select(i => Ms(i, "expectedTriggerTime")).ToList();
        Assert.Equal(expected.Count, expected.Distinct().Count());
        Assert.All(expected, e => Assert.Equal(0, e % 1000));
        var late = all.Count(i => Ms(i, "actualTriggerTime") - Ms(i, "expectedTriggerTime") > 1000);
        Assert.InRange(late, 0, 1);
        Assert.True(all.Count(Succeeded) >= 20, $"only {all.Count(Succeeded)} of {all.Count} fires succeeded");
    }

    private static bool Succeeded(System.Text.Json.JsonElement i) => i.GetProperty("status").GetInt32() == 5;

    private static long Ms(System.Text.Json.JsonElement i, string field) =>
        i.GetProperty(field).ValueKind == System.Text.Json.JsonValueKind.Number ? i.GetProperty(field).GetInt64() : 0;
}
