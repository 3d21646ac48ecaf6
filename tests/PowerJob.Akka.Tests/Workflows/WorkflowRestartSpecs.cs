using System.Text.Json;
using PowerJob.Akka.Tests.Scheduling;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Workflows;

/// <summary>A workflow instance lives in the store: a server restarted mid-run (same ports, same SQLite file) finishes it.</summary>
public sealed class WorkflowRestartSpecs : IAsyncDisposable
{
    private readonly TestNodes _nodes = new();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pj-wf-restart-{Guid.NewGuid():N}.db");

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }

    [Fact]
    public async Task A_workflow_survives_its_server_being_restarted_mid_run()
    {
        var options = TestNodes.ServerOptions() with
        {
            WebPort = Ports.Free(), HttpPort = Ports.Free(), AkkaPort = Ports.Free(), ClusterPort = Ports.Free(),
            ConnectionString = $"Data Source={_file}",
            // The restarted server waits for the worker's next heartbeat before dispatching the second node.
            WorkerGracePeriod = TimeSpan.FromSeconds(20),
        };
        var server = await _nodes.StartServerAsync(options);
        var appId = await _nodes.RegisterAppAsync(server, "billing");
        var api = new OpenApiClient(_nodes.Http, server);
        await TestNodes.ReadyAsync(await _nodes.StartWorkerAsync(TestNodes.WorkerOptions(server, "billing", "http"),
            services => services.AddSampleProcessors().AddServerTestProcessors()));
        var pause = await api.SaveJobAsync(new { appId, jobName = "pause", processorInfo = "pause", timeExpressionType = "WORKFLOW" });
        var echo = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo", timeExpressionType = "WORKFLOW" });
        var saved = await api.JsonAsync("/openApi/saveWorkflow", new
        {
            appId, wfName = "long",
            dag = new
            {
                nodes = new object[] { new { nodeId = 1, jobId = pause, nodeParams = "6000" }, new { nodeId = 2, jobId = echo, nodeParams = "after-" } },
                edges = new[] { new { from = 1, to = 2 } },
            },
        });
        var run = await api.FormAsync("/openApi/runWorkflow", ("appId", appId), ("workflowId", saved.Data.GetInt64()));
        Assert.True(run.Success, run.Message);
        var wfInstanceId = run.Data.GetInt64();
        var running = await TestNodes.EventuallyAsync(() => WfAsync(api, appId, wfInstanceId),
            w => Node(w, 1).TryGetProperty("instanceId", out var id) && id.ValueKind == JsonValueKind.Number, TimeSpan.FromSeconds(20));
        await api.AwaitStatusAsync(appId, Node(running, 1).GetProperty("instanceId").GetInt64(), 3, TimeSpan.FromSeconds(20));

        await server.DisposeAsync();
        var restarted = await _nodes.StartServerAsync(options);
        var again = new OpenApiClient(_nodes.Http, restarted);

        var done = await TestNodes.EventuallyAsync(() => WfAsync(again, appId, wfInstanceId),
            w => w.GetProperty("statusName").GetString() is "SUCCEED" or "FAILED", TimeSpan.FromSeconds(60));
        Assert.Equal("SUCCEED", done.GetProperty("statusName").GetString());
        Assert.Equal("after-{}", Node(done, 2).GetProperty("result").GetString());
        Assert.Single(await again.InstancesOfJobAsync(appId, pause));
    }

    private static async Task<JsonElement> WfAsync(OpenApiClient api, long appId, long wfInstanceId)
    {
        var reply = await api.FormAsync("/openApi/fetchWfInstanceInfo", ("appId", appId), ("wfInstanceId", wfInstanceId));
        Assert.True(reply.Success, reply.Message);
        return reply.Data;
    }

    private static JsonElement Node(JsonElement wf, long nodeId) =>
        wf.GetProperty("dag").GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("nodeId").GetInt64() == nodeId);
}
