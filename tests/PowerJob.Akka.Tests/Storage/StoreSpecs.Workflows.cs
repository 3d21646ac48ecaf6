using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

public abstract partial class StoreSpecs
{
    private static readonly WorkflowDag Diamond = new()
    {
        Nodes = [Node(1, 10), Node(2, 11), Node(3, 12), Node(4, 13)],
        Edges = [new() { From = 1, To = 2 }, new() { From = 1, To = 3 }, new() { From = 2, To = 4 }, new() { From = 3, To = 4 }],
    };

    private static WorkflowNode Node(long id, long jobId) => new() { NodeId = id, JobId = jobId, NodeName = $"n{id}" };

    [StoreFact]
    public async Task A_workflow_keeps_its_dag_schedule_and_flags()
    {
        var app = await Store.SaveAppAsync("flows", "hash");
        var id = await Store.InsertWorkflowAsync(new WorkflowRecord
        {
            AppId = app.Id, WfName = "diamond", TimeExpressionType = TimeExpressionType.Cron, TimeExpression = "0 0 * * * ?",
            TimeZone = "Europe/Berlin", MaxWfInstanceNum = 2, Dag = Diamond with { Nodes = [.. Diamond.Nodes.Take(3), Diamond.Nodes[3] with { SkipWhenFailed = true, Enable = false }] },
            NextTriggerTime = T0.AddHours(1), CreatedAt = T0, UpdatedAt = T0,
        });

        var stored = await Store.FindWorkflowAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(("diamond", TimeExpressionType.Cron, "Europe/Berlin", 2, T0.AddHours(1)),
            (stored.WfName, stored.TimeExpressionType, stored.TimeZone, stored.MaxWfInstanceNum, stored.NextTriggerTime));
        Assert.Equal([1, 2, 3, 4], stored.Dag.Nodes.Select(n => n.NodeId));
        Assert.Equal(4, stored.Dag.Edges.Count);
        Assert.True(stored.Dag.Nodes[3].SkipWhenFailed);
        Assert.False(stored.Dag.Nodes[3].Enable);
        Assert.Single(await Store.ListSchedulableWorkflowsAsync(app.Id));

        Assert.True(await Store.SetWorkflowEnabledAsync(id, false, null));
        Assert.False(await Store.SetWorkflowEnabledAsync(id, false, null));
        Assert.Empty(await Store.ListSchedulableWorkflowsAsync(app.Id));
        Assert.True(await Store.DeleteWorkflowAsync(id));
        Assert.Null(await Store.FindWorkflowAsync(id));
    }

    [StoreFact]
    public async Task A_workflow_instance_update_needs_the_version_it_read_and_the_current_owner_epoch()
    {
        var app = await Store.SaveAppAsync("flows", "hash");
        var owner = await Store.TakeOwnerEpochAsync(app.Id);
        var wf = await Store.InsertWorkflowInstanceAsync(new WorkflowInstanceRecord
        {
            WorkflowId = 5, AppId = app.Id, Dag = Diamond, WfContext = "{\"a\":\"1\"}", CreatedAt = T0, UpdatedAt = T0,
        }, owner);
        Assert.Equal(1, wf.Version);

        var running = wf with { Status = WorkflowInstanceStatus.Running, Dag = wf.Dag.WithNode(wf.Dag.Nodes[0] with { Status = 3, InstanceId = 77 }) };
        Assert.True(await Store.UpdateWorkflowInstanceAsync(running, 1, owner));
        Assert.False(await Store.UpdateWorkflowInstanceAsync(running with { Status = WorkflowInstanceStatus.Failed }, 1, owner));
        var stored = await Store.FindWorkflowInstanceAsync(wf.WfInstanceId);
        Assert.Equal((WorkflowInstanceStatus.Running, 2L, 77L), (stored!.Status, stored.Version, stored.Dag.Nodes[0].InstanceId!.Value));
        Assert.Single(await Store.ListActiveWorkflowInstancesAsync(app.Id));
        Assert.Equal(1, await Store.CountActiveWorkflowInstancesAsync(5));

        await Store.TakeOwnerEpochAsync(app.Id);
        await Assert.ThrowsAsync<StaleOwnerEpochException>(() => Store.UpdateWorkflowInstanceAsync(stored with { Status = WorkflowInstanceStatus.Stopped }, 2, owner));
        Assert.Equal(WorkflowInstanceStatus.Running, (await Store.FindWorkflowInstanceAsync(wf.WfInstanceId))!.Status);
    }

    [StoreFact]
    public async Task A_workflow_lists_its_newest_instances_first_up_to_the_limit()
    {
        var app = await Store.SaveAppAsync("flows", "hash");
        var owner = await Store.TakeOwnerEpochAsync(app.Id);
        var ids = new List<long>();
        foreach (var workflowId in new long[] { 5, 6, 5, 5 })
        {
            var wf = await Store.InsertWorkflowInstanceAsync(new WorkflowInstanceRecord
            {
                WorkflowId = workflowId, AppId = app.Id, Dag = Diamond, CreatedAt = T0, UpdatedAt = T0,
            }, owner);
            if (workflowId == 5) ids.Add(wf.WfInstanceId);
        }

        Assert.Equal([ids[2], ids[1]], (await Store.ListWorkflowInstancesAsync(5, 2)).Select(w => w.WfInstanceId));
        Assert.Equal(3, (await Store.ListWorkflowInstancesAsync(5, 10)).Count);
        Assert.Empty(await Store.ListWorkflowInstancesAsync(7, 10));
    }

    [StoreFact]
    public async Task Saved_nodes_get_ids_and_job_instances_remember_their_workflow_node()
    {
        var app = await Store.SaveAppAsync("flows", "hash");
        var saved = await Store.SaveWorkflowNodesAsync([
            new WorkflowNodeRecord { AppId = app.Id, JobId = 3, NodeName = "a", CreatedAt = T0, UpdatedAt = T0 },
            new WorkflowNodeRecord { AppId = app.Id, JobId = 4, NodeName = "b", SkipWhenFailed = true, CreatedAt = T0, UpdatedAt = T0 },
        ]);
        Assert.All(saved, n => Assert.True(n.Id > 0));
        var found = await Store.FindWorkflowNodesAsync(app.Id, [saved[1].Id]);
        Assert.Equal(("b", 4L, true), (found[0].NodeName, found[0].JobId, found[0].SkipWhenFailed));
        Assert.Empty(await Store.FindWorkflowNodesAsync(app.Id + 1, [saved[1].Id]));

        var instance = await Store.InsertInstanceAsync(new InstanceRecord
        {
            JobId = 3, AppId = app.Id, WfInstanceId = 42, WfNodeId = 2, CreatedAt = T0, UpdatedAt = T0,
        }, null);
        Assert.True(await Store.UpdateInstanceAsync(instance with { Status = InstanceStatus.Running }, InstanceStatus.WaitingDispatch, 0, null));
        var nodeInstances = await Store.ListNodeInstancesAsync(42);
        Assert.Equal((instance.InstanceId, 42L, 2L, InstanceStatus.Running),
            (nodeInstances.Single().InstanceId, nodeInstances[0].WfInstanceId!.Value, nodeInstances[0].WfNodeId!.Value, nodeInstances[0].Status));
    }
}
