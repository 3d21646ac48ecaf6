using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Cluster;

public class AppOwnershipSpecs : IAsyncLifetime
{
    private readonly ServerClusterFixture _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData("AKKA,HTTP", "HTTP")]
    [InlineData("http", "http")]
    public async Task Nine_apps_spread_over_three_servers_with_one_owner_in_every_view(string active, string main)
    {
        await _cluster.StartAsync(active, main);
        for (var i = 1; i <= 9; i++) await _cluster.Nodes.RegisterAppAsync(_cluster.Servers[i % 3], $"app-{i}");

        var views = new List<Dictionary<string, string>>();
        foreach (var server in _cluster.Servers)
            views.Add(await TestNodes.EventuallyAsync(() => _cluster.OwnersAsync(server), o => o.Count == 9, TimeSpan.FromSeconds(10)));

        Assert.All(views, view => Assert.Equal(views[0].OrderBy(kv => kv.Key), view.OrderBy(kv => kv.Key)));
        Assert.True(views[0].Values.Distinct().Count() >= 2, $"all apps on one server: {string.Join(", ", views[0])}");
        Assert.All(views[0].Values, web => Assert.Contains(_cluster.Servers, s => s.WebAddress == web));
    }

    [Theory]
    [InlineData("AKKA,HTTP", "HTTP", "akka")]
    [InlineData("http", "http", "http")]
    public async Task RunJob_sent_to_a_non_owner_runs_the_job_once_on_the_owner(string active, string main, string protocol)
    {
        await _cluster.StartAsync(active, main);
        var appId = await _cluster.Nodes.RegisterAppAsync(_cluster.Servers[0], "billing");
        await _cluster.StartWorkerAsync("billing", protocol);
        var owner = await _cluster.OwnerAsync("billing");
        var other = _cluster.Servers.First(s => s != owner);
        var api = new OpenApiClient(_cluster.Nodes.Http, other);

        var jobId = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo" });
        var instanceId = await api.RunJobAsync(appId, jobId, "once");
        var done = await api.AwaitStatusAsync(appId, instanceId, 5, TimeSpan.FromSeconds(15));

        Assert.Equal("once", done.GetProperty("result").GetString());
        Assert.Single(await api.InstancesOfJobAsync(appId, jobId));
        var workers = await _cluster.Nodes.WorkersAsync(owner, appId);
        Assert.Single(workers.EnumerateArray());
    }
}
