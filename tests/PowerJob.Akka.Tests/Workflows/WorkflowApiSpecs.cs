using System.Net;
using PowerJob.Akka.Tests.Scheduling;

namespace PowerJob.Akka.Tests.Workflows;

/// <summary>The workflow OpenAPI on a real server: saving, fetching, switching and copying workflows, and refusing bad DAGs.</summary>
public class WorkflowApiSpecs : SchedulingFixture
{
    private async Task<(long A, long B, long C, long D)> JobsAsync() =>
        (await SaveJobAsync("echo"), await SaveJobAsync("echo"), await SaveJobAsync("echo"), await SaveJobAsync("echo", type: "WORKFLOW"));

    private static object Diamond((long A, long B, long C, long D) j) => new
    {
        nodes = new object[]
        {
            new { nodeId = 1, jobId = j.A, nodeName = "A" }, new { nodeId = 2, jobId = j.B, nodeName = "B" },
            new { nodeId = 3, jobId = j.C, nodeName = "C", skipWhenFailed = true }, new { nodeId = 4, jobId = j.D, nodeName = "D", nodeParams = "d" },
        },
        edges = new[] { new { from = 1, to = 2 }, new { from = 1, to = 3 }, new { from = 2, to = 4 }, new { from = 3, to = 4 } },
    };

    [Fact]
    public async Task A_saved_workflow_is_fetched_with_its_dag_and_can_be_disabled_enabled_copied_and_deleted()
    {
        var jobs = await JobsAsync();
        var saved = await Api.JsonAsync("/openApi/saveWorkflow", new
        {
            appId = AppId, wfName = "nightly", wfDescription = "four steps", timeExpressionType = "CRON", timeExpression = "0 0 3 * * ?",
            timeZone = "Europe/Berlin", maxWfInstanceNum = 1, enable = true, dag = Diamond(jobs),
        });
        Assert.True(saved.Success, saved.Message);
        var id = saved.Data.GetInt64();

        var wf = (await Api.FormAsync("/openApi/fetchWorkflow", ("appId", AppId), ("workflowId", id))).Data;
        Assert.Equal(("nightly", 2, "0 0 3 * * ?", "Europe/Berlin", 1), (wf.GetProperty("wfName").GetString(), wf.GetProperty("timeExpressionType").GetInt32(),
            wf.GetProperty("timeExpression").GetString(), wf.GetProperty("timeZone").GetString(), wf.GetProperty("status").GetInt32()));
        Assert.True(wf.GetProperty("nextTriggerTime").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var nodes = wf.GetProperty("peDAG").GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["A", "B", "C", "D"], nodes.Select(n => n.GetProperty("nodeName").GetString()));
        Assert.True(nodes[2].GetProperty("skipWhenFailed").GetBoolean());
        Assert.Equal("d", nodes[3].GetProperty("nodeParams").GetString());
        Assert.Equal(4, wf.GetProperty("peDAG").GetProperty("edges").GetArrayLength());

        Assert.True((await Api.FormAsync("/openApi/disableWorkflow", ("appId", AppId), ("workflowId", id))).Success);
        var disabled = (await Api.FormAsync("/openApi/fetchWorkflow", ("appId", AppId), ("workflowId", id))).Data;
        Assert.Equal(2, disabled.GetProperty("status").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, disabled.GetProperty("nextTriggerTime").ValueKind);
        Assert.True((await Api.FormAsync("/openApi/enableWorkflow", ("appId", AppId), ("workflowId", id))).Success);
        Assert.Equal(1, (await Api.FormAsync("/openApi/fetchWorkflow", ("appId", AppId), ("workflowId", id))).Data.GetProperty("status").GetInt32());

        var copy = await Api.FormAsync("/openApi/copyWorkflow", ("appId", AppId), ("workflowId", id));
        Assert.True(copy.Success, copy.Message);
        var copied = (await Api.FormAsync("/openApi/fetchWorkflow", ("appId", AppId), ("workflowId", copy.Data.GetInt64()))).Data;
        Assert.Equal("nightly_COPY", copied.GetProperty("wfName").GetString());
        Assert.Equal(4, copied.GetProperty("peDAG").GetProperty("nodes").GetArrayLength());

        Assert.True((await Api.FormAsync("/openApi/deleteWorkflow", ("appId", AppId), ("workflowId", id))).Success);
        var gone = await Api.FormAsync("/openApi/fetchWorkflow", ("appId", AppId), ("workflowId", id));
        Assert.Equal((HttpStatusCode.OK, false), (gone.Status, gone.Success));
        Assert.Equal($"workflowId {id} is unknown in app 'billing' (appId {AppId})", gone.Message);
    }

    [Fact]
    public async Task Nodes_saved_ahead_are_referenced_by_id_from_the_dag()
    {
        var jobs = await JobsAsync();
        var nodes = await Api.JsonAsync("/openApi/saveWorkflowNode", new object[]
        {
            new { appId = AppId, jobId = jobs.A, nodeName = "first" },
            new { appId = AppId, jobId = jobs.B, nodeName = "second", nodeParams = "p", skipWhenFailed = true },
        });
        Assert.True(nodes.Success, nodes.Message);
        var ids = nodes.Data.EnumerateArray().Select(n => n.GetProperty("id").GetInt64()).ToList();
        var saved = await Api.JsonAsync("/openApi/saveWorkflow", new
        {
            appId = AppId, wfName = "by-id",
            dag = new { nodes = ids.Select(i => new { nodeId = i }), edges = new[] { new { from = ids[0], to = ids[1] } } },
        });
        Assert.True(saved.Success, saved.Message);
        var dag = (await Api.FormAsync("/openApi/fetchWorkflow", ("appId", AppId), ("workflowId", saved.Data.GetInt64()))).Data.GetProperty("peDAG");
        var second = dag.GetProperty("nodes")[1];
        Assert.Equal((jobs.B, "second", "p", true), (second.GetProperty("jobId").GetInt64(), second.GetProperty("nodeName").GetString(),
            second.GetProperty("nodeParams").GetString(), second.GetProperty("skipWhenFailed").GetBoolean()));
        Assert.True((await Api.JsonAsync("/openApi/addWorkflowNode", new[] { new { appId = AppId, jobId = jobs.C } })).Success);
    }

    [Fact]
    public async Task Each_invalid_dag_is_refused_naming_the_node_or_edge_and_nothing_changes()
    {
        var jobs = await JobsAsync();
        var valid = await Api.JsonAsync("/openApi/saveWorkflow", new { appId = AppId, wfName = "kept", dag = Diamond(jobs) });
        var id = valid.Data.GetInt64();
        var otherApp = await Nodes.RegisterAppAsync(Server, "other");
        var foreignJob = await Api.SaveJobAsync(new { appId = otherApp, jobName = "x", processorInfo = "echo" });
        var n = (long node, long job) => new { nodeId = node, jobId = job };

        var cases = new (object Dag, string Message)[]
        {
            (new { nodes = Array.Empty<object>(), edges = Array.Empty<object>() }, "dag has no nodes: a workflow needs at least one node"),
            (new { nodes = new[] { n(1, jobs.A), n(2, jobs.B), n(3, jobs.C) }, edges = new[] { new { from = 1, to = 2 }, new { from = 2, to = 3 }, new { from = 3, to = 2 } } },
                "dag has a cycle: 2 -> 3 -> 2"),
            (new { nodes = new[] { n(1, jobs.A) }, edges = new[] { new { from = 1, to = 1 } } }, "dag has a cycle: 1 -> 1"),
            (new { nodes = new[] { n(1, jobs.A), n(2, jobs.B) }, edges = new[] { new { from = 1, to = 9 } } },
                "dag edge 1 -> 9 names node 9, which is not a node of the DAG"),
            (new { nodes = new[] { n(1, jobs.A), n(2, 987654) }, edges = new[] { new { from = 1, to = 2 } } },
                $"dag node 2: jobId 987654 is unknown in app 'billing' (appId {AppId})"),
            (new { nodes = new[] { n(1, jobs.A), n(2, foreignJob) }, edges = new[] { new { from = 1, to = 2 } } },
                $"dag node 2: jobId {foreignJob} belongs to appId {otherApp}, not to app 'billing' (appId {AppId})"),
            (new { nodes = new[] { n(1, jobs.A), n(1, jobs.B) }, edges = Array.Empty<object>() }, "dag node ids must be unique: node 1 appears more than once"),
        };
        foreach (var (dag, message) in cases)
        {
            var created = await Api.JsonAsync("/openApi/saveWorkflow", new { appId = AppId, wfName = "bad", dag });
            Assert.Equal((HttpStatusCode.OK, false, message), (created.Status, created.Success, created.Message));
            var updated = await Api.JsonAsync("/openApi/saveWorkflow", new { appId = AppId, id, wfName = "renamed", dag });
            Assert.Equal((HttpStatusCode.OK, false, message), (updated.Status, updated.Success, updated.Message));
        }
        var all = (await Api.FormAsync("/openApi/fetchAllWorkflow", ("appId", AppId))).Data.EnumerateArray().ToList();
        Assert.Equal("kept", Assert.Single(all).GetProperty("wfName").GetString());
        Assert.Equal(4, all[0].GetProperty("peDAG").GetProperty("nodes").GetArrayLength());
        var noDag = await Api.JsonAsync("/openApi/saveWorkflow", new { appId = AppId, wfName = "bare" });
        Assert.Equal("dag is required: a workflow needs at least one node", noDag.Message);
    }
}
