using System.Text.Json;
using PowerJob.Akka.Tests.Scheduling;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Workflows;

/// <summary>Workflows run end to end on a real server and real workers (HTTP and AKKA), over loopback sockets.</summary>
public class WorkflowRunSpecs : SchedulingFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private async Task StartWorkflowWorkerAsync(string protocol = "http") =>
        await TestNodes.ReadyAsync(await Nodes.StartWorkerAsync(TestNodes.WorkerOptions(Server, "billing", protocol),
            services => services.AddSampleProcessors().AddServerTestProcessors().AddWorkflowTestProcessors()));

    private static object N(long node, long job, string name, string? nodeParams = null, bool skip = false, bool enable = true) =>
        new { nodeId = node, jobId = job, nodeName = name, nodeParams, skipWhenFailed = skip, enable };

    private static object E(long from, long to) => new { from, to };

    private async Task<long> SaveAsync(object[] nodes, object[] edges, object? extra = null)
    {
        var reply = await Api.JsonAsync("/openApi/saveWorkflow", new { appId = AppId, wfName = "wf", dag = new { nodes, edges } });
        Assert.True(reply.Success, reply.Message);
        return reply.Data.GetInt64();
    }

    private async Task<long> RunAsync(long workflowId, string? initParams = null)
    {
        var reply = await Api.FormAsync("/openApi/runWorkflow", ("appId", AppId), ("workflowId", workflowId), ("initParams", initParams));
        Assert.True(reply.Success, reply.Message);
        return reply.Data.GetInt64();
    }

    private async Task<JsonElement> WfAsync(long wfInstanceId)
    {
        var reply = await Api.FormAsync("/openApi/fetchWfInstanceInfo", ("appId", AppId), ("wfInstanceId", wfInstanceId));
        Assert.True(reply.Success, reply.Message);
        return reply.Data;
    }

    private Task<JsonElement> AwaitWfAsync(long wfInstanceId, string status) =>
        TestNodes.EventuallyAsync(() => WfAsync(wfInstanceId), w => w.GetProperty("statusName").GetString() == status, Wait);

    private static bool Has(JsonElement e, string field) => e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    private static JsonElement Node(JsonElement wf, long nodeId) =>
        wf.GetProperty("dag").GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("nodeId").GetInt64() == nodeId);

    [Fact]
    public async Task A_diamond_runs_B_and_C_in_parallel_and_D_after_both_seeing_what_they_added_to_the_context()
    {
        await StartWorkflowWorkerAsync();
        var (a, b, c, d) = (await SaveJobAsync("echo", type: "WORKFLOW"), await SaveJobAsync("wf-write", type: "WORKFLOW"),
            await SaveJobAsync("wf-write", type: "WORKFLOW"), await SaveJobAsync("wf-read", type: "WORKFLOW"));
        var id = await SaveAsync([N(1, a, "A", "a"), N(2, b, "B", "fromB"), N(3, c, "C", "fromC"), N(4, d, "D")], [E(1, 2), E(1, 3), E(2, 4), E(3, 4)]);

        var wf = await AwaitWfAsync(await RunAsync(id, "go"), "SUCCEED");

        Assert.Equal("fromB=by-fromB;fromC=by-fromC;initParams=go", Node(wf, 4).GetProperty("result").GetString());
        Assert.Equal("fromB=by-fromB;fromC=by-fromC;initParams=go", wf.GetProperty("result").GetString());
        var instances = new Dictionary<long, JsonElement>();
        foreach (var node in new long[] { 1, 2, 3, 4 })
        {
            var instance = await Api.InstanceAsync(AppId, Node(wf, node).GetProperty("instanceId").GetInt64());
            Assert.Equal(wf.GetProperty("wfInstanceId").GetInt64(), instance.GetProperty("wfInstanceId").GetInt64());
            instances[node] = instance;
        }
        long Started(long n) => instances[n].GetProperty("actualTriggerTime").GetInt64();
        long Finished(long n) => instances[n].GetProperty("finishedTime").GetInt64();
        Assert.True(Started(2) < Finished(3) && Started(3) < Finished(2), "B and C ran one after the other, not in parallel");
        Assert.True(Started(4) >= Math.Max(Finished(2), Finished(3)), "D started before B and C had both finished");
        Assert.True(Started(2) >= Finished(1) && Started(3) >= Finished(1), "B or C started before A finished");
    }

    [Fact]
    public async Task A_failing_node_fails_the_workflow_unless_it_is_skip_when_failed_and_disabled_nodes_are_skipped()
    {
        await StartWorkflowWorkerAsync("akka");
        var (ok, bad) = (await SaveJobAsync("echo", type: "WORKFLOW"), await SaveJobAsync("always-fails", type: "WORKFLOW"));
        var failing = await SaveAsync([N(1, ok, "A"), N(2, bad, "B"), N(3, ok, "C")], [E(1, 2), E(2, 3)]);
        var failed = await AwaitWfAsync(await RunAsync(failing), "FAILED");
        Assert.Equal("node 2 ('B') FAILED: fails on purpose", failed.GetProperty("result").GetString());
        Assert.False(Has(Node(failed, 3), "status"), "C ran after its upstream failed");

        var skipping = await SaveAsync([N(1, ok, "A"), N(2, bad, "B", skip: true), N(3, ok, "C", "c"), N(4, bad, "off", enable: false)],
            [E(1, 2), E(2, 3), E(1, 4)]);
        var done = await AwaitWfAsync(await RunAsync(skipping), "SUCCEED");
        Assert.Equal(4, Node(done, 2).GetProperty("status").GetInt32());
        Assert.Equal(5, Node(done, 3).GetProperty("status").GetInt32());
        Assert.Equal(9, Node(done, 4).GetProperty("status").GetInt32());
        Assert.False(Has(Node(done, 4), "instanceId"), "a disabled node ran");
    }

    [Fact]
    public async Task Retry_reruns_only_the_failed_node_and_the_workflow_finishes()
    {
        await StartWorkflowWorkerAsync();
        var (ok, flaky) = (await SaveJobAsync("echo", type: "WORKFLOW"), await SaveJobAsync("wf-fails-once", type: "WORKFLOW"));
        var id = await SaveAsync([N(1, ok, "A"), N(2, flaky, "B", Guid.NewGuid().ToString("N")), N(3, ok, "C")], [E(1, 2), E(2, 3)]);
        var wfInstanceId = await RunAsync(id);
        var failed = await AwaitWfAsync(wfInstanceId, "FAILED");
        var firstA = Node(failed, 1).GetProperty("instanceId").GetInt64();
        var firstB = Node(failed, 2).GetProperty("instanceId").GetInt64();

        Assert.True((await Api.FormAsync("/openApi/retryWfInstance", ("appId", AppId), ("wfInstanceId", wfInstanceId))).Success);
        var done = await AwaitWfAsync(wfInstanceId, "SUCCEED");
        Assert.Equal(firstA, Node(done, 1).GetProperty("instanceId").GetInt64());
        Assert.NotEqual(firstB, Node(done, 2).GetProperty("instanceId").GetInt64());
        Assert.Single(await Api.InstancesOfJobAsync(AppId, ok), i => i.GetProperty("instanceId").GetInt64() == firstA);
        Assert.Equal(2, (await Api.InstancesOfJobAsync(AppId, ok)).Count);

        var again = await Api.FormAsync("/openApi/retryWfInstance", ("appId", AppId), ("wfInstanceId", wfInstanceId));
        Assert.Equal($"only a failed or stopped workflow instance can be retried; workflow instance {wfInstanceId} is SUCCEED", again.Message);
    }

    [Fact]
    public async Task Stop_stops_the_running_nodes_and_a_failed_node_can_be_marked_as_success()
    {
        await StartWorkflowWorkerAsync();
        var (pause, ok) = (await SaveJobAsync("pause", type: "WORKFLOW"), await SaveJobAsync("echo", type: "WORKFLOW"));
        var id = await SaveAsync([N(1, pause, "slow", "20000"), N(2, ok, "after")], [E(1, 2)]);
        var wfInstanceId = await RunAsync(id);
        var running = await TestNodes.EventuallyAsync(() => WfAsync(wfInstanceId),
            w => Has(Node(w, 1), "instanceId"), Wait);
        var instanceId = Node(running, 1).GetProperty("instanceId").GetInt64();
        await Api.AwaitStatusAsync(AppId, instanceId, 3, Wait);

        Assert.True((await Api.FormAsync("/openApi/stopWfInstance", ("appId", AppId), ("wfInstanceId", wfInstanceId))).Success);
        var stopped = await AwaitWfAsync(wfInstanceId, "STOPPED");
        Assert.Equal(10, Node(stopped, 1).GetProperty("status").GetInt32());
        await Api.AwaitStatusAsync(AppId, instanceId, 10, Wait);

        var marked = await Api.FormAsync("/openApi/markWorkflowNodeAsSuccess", ("appId", AppId), ("wfInstanceId", wfInstanceId), ("nodeId", 1));
        Assert.True(marked.Success, marked.Message);
        var retried = await Api.FormAsync("/openApi/retryWfInstance", ("appId", AppId), ("wfInstanceId", wfInstanceId));
        Assert.True(retried.Success, retried.Message);
        var done = await AwaitWfAsync(wfInstanceId, "SUCCEED");
        Assert.Equal("marked as success by user", Node(done, 1).GetProperty("result").GetString());
    }

    [Fact]
    public async Task Commands_sent_together_to_a_finished_instance_are_all_answered()
    {
        await StartWorkflowWorkerAsync();
        var ok = await SaveJobAsync("echo", type: "WORKFLOW");
        var wfInstanceId = await RunAsync(await SaveAsync([N(1, ok, "only")], []));
        await AwaitWfAsync(wfInstanceId, "SUCCEED");

        // The first loads the finished instance into an actor that stops once idle; the ones that reach it while it
        // stops are held and handed to the next actor instead of being lost.
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
                Api.FormAsync("/openApi/stopWfInstance", ("appId", AppId), ("wfInstanceId", wfInstanceId))));
            Assert.All(answers, a => Assert.Contains("only a waiting or running workflow instance can be stopped", a.Message));
        }
    }

    [Fact]
    public async Task A_cron_workflow_fires_on_schedule()
    {
        await StartWorkflowWorkerAsync();
        var ok = await SaveJobAsync("echo", type: "WORKFLOW");
        var reply = await Api.JsonAsync("/openApi/saveWorkflow", new
        {
            appId = AppId, wfName = "every-second", timeExpressionType = "CRON", timeExpression = "* * * * * ?", maxWfInstanceNum = 0,
            dag = new { nodes = new[] { N(1, ok, "only") }, edges = Array.Empty<object>() },
        });
        Assert.True(reply.Success, reply.Message);
        var fired = await TestNodes.EventuallyAsync(() => Api.InstancesOfJobAsync(AppId, ok), list => list.Count >= 2, Wait);
        Assert.True((await Api.FormAsync("/openApi/disableWorkflow", ("appId", AppId), ("workflowId", reply.Data.GetInt64()))).Success);
        var wfInstanceId = fired[^1].GetProperty("wfInstanceId").GetInt64();
        var wf = await AwaitWfAsync(wfInstanceId, "SUCCEED");
        Assert.Equal(reply.Data.GetInt64(), wf.GetProperty("workflowId").GetInt64());
        Assert.Equal(0, wf.GetProperty("expectedTriggerTime").GetInt64() % 1000);
    }

    [Fact]
    public async Task A_context_past_what_a_task_may_append_fails_the_node_clearly()
    {
        await StartWorkflowWorkerAsync();
        var flood = await SaveJobAsync("wf-flood", type: "WORKFLOW");
        var id = await SaveAsync([N(1, flood, "flood")], []);
        var failed = await AwaitWfAsync(await RunAsync(id), "FAILED");
        Assert.Contains($"the appended workflow context would be {TaskContext2.Max + 6} characters; at most {TaskContext2.Max} are allowed",
            failed.GetProperty("result").GetString());
    }

    private static class TaskContext2
    {
        public const int Max = PowerJob.Akka.Worker.Processors.TaskContext.MaxAppendedLength;
    }
}
