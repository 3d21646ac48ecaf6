using System.Text.Json;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Cluster;

/// <summary>Three HTTP-only servers sharing one store: every call about an app reaches its entity, whichever server it reached.</summary>
public class ClusterConsistencySpecs : IAsyncLifetime
{
    private readonly ServerClusterFixture _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Every_server_gives_the_same_answers_and_a_runJob_sent_to_each_runs_exactly_once()
    {
        await _cluster.StartAsync("http", "http");
        var appId = await _cluster.Nodes.RegisterAppAsync(_cluster.Servers[1], "ledger");
        await _cluster.StartWorkerAsync("ledger", "http");
        var apis = _cluster.Servers.Select(s => new OpenApiClient(_cluster.Nodes.Http, s)).ToList();
        var jobId = await apis[2].SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo" });

        var instanceIds = new List<long>();
        for (var i = 0; i < apis.Count; i++) instanceIds.Add(await apis[i].RunJobAsync(appId, jobId, $"via-{i}"));
        for (var i = 0; i < apis.Count; i++)
        {
            var done = await apis[i].AwaitStatusAsync(appId, instanceIds[i], 5, TimeSpan.FromSeconds(15));
            Assert.Equal($"via-{i}", done.GetProperty("result").GetString());
            Assert.Equal(1, done.GetProperty("attempt").GetInt32());
        }
        var all = await apis[0].InstancesOfJobAsync(appId, jobId);
        Assert.Equal(instanceIds.Order(), all.Select(i => i.GetProperty("instanceId").GetInt64()).Order());

        var instanceId = instanceIds[0];
        await TestNodes.EventuallyAsync(() => apis[0].FormAsync("/openApi/fetchInstanceLog", ("appId", appId), ("instanceId", instanceId)),
            r => r.Success && r.Data.GetArrayLength() > 0, TimeSpan.FromSeconds(10));
        foreach (var (path, fields) in new (string, (string, object?)[])[]
                 {
                     ("/openApi/fetchInstanceInfo", [("appId", appId), ("instanceId", instanceId)]),
                     ("/openApi/queryInstance", [("appId", appId), ("jobId", jobId)]),
                     ("/openApi/fetchInstanceLog", [("appId", appId), ("instanceId", instanceId)]),
                 })
        {
            var answers = new List<string>();
            foreach (var api in apis) answers.Add(Success(await api.FormAsync(path, fields)).GetRawText());
            Assert.All(answers, a => Assert.Equal(answers[0], a));
        }

        // Heartbeat times and load figures move between two calls; which workers there are, and their state, must not.
        var workers = new List<string>();
        foreach (var api in apis)
            workers.Add(JsonSerializer.Serialize(Success(await api.FormAsync("/openApi/fetchWorkers", ("appId", appId))).EnumerateArray()
                .Select(w => new
                {
                    address = w.GetProperty("address").GetString(), alive = w.GetProperty("alive").GetBoolean(),
                    protocol = w.GetProperty("protocol").GetString(), processors = w.GetProperty("processors").GetRawText(),
                })));
        Assert.Contains("\"alive\":true", workers[0]);
        Assert.All(workers, w => Assert.Equal(workers[0], w));
    }

    private static JsonElement Success(OpenApiClient.Reply reply)
    {
        Assert.True(reply.Success, reply.Message);
        return reply.Data;
    }
}
