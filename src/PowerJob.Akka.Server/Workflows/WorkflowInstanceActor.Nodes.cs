using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>Node outcomes, resuming from the store, and the user's stop, retry and mark-as-success.</summary>
public sealed partial class WorkflowInstanceActor
{
    private void HandleCreated(NodeCreated created)
    {
        var node = _wf.Dag.Nodes.FirstOrDefault(n => n.NodeId == created.NodeId);
        if (node is not { NodeStatus: InstanceStatus.WaitingDispatch, InstanceId: null } || _wf.Status != WorkflowInstanceStatus.Running)
        {
            if (node?.InstanceId != created.InstanceId)
                _settings.Instances.Tell(new InstanceCommand(InstanceCommand.Stop, _wf.AppId, created.InstanceId));
            return;
        }
        _wf = _wf with { Dag = _wf.Dag.WithNode(node with { Status = (int)InstanceStatus.Running, InstanceId = created.InstanceId }) };
        Persist([]);
    }

    private void HandleNodeFinished(NodeInstanceFinished finished)
    {
        var node = _wf.Dag.Nodes.FirstOrDefault(n => n.NodeId == finished.NodeId);
        var current = node is not null && node.NodeStatus?.IsFinal() != true
                      && (node.InstanceId == finished.InstanceId || node is { InstanceId: null, NodeStatus: InstanceStatus.WaitingDispatch });
        if (!current || _wf.Status != WorkflowInstanceStatus.Running)
        {
            _log.Info("workflow instance {0}: ignored the outcome {1} of job instance {2} for node {3}: not the node's current run",
                _wf.WfInstanceId, finished.Status.WireName(), finished.InstanceId, finished.NodeId);
            return;
        }
        FinishNode(finished.NodeId, finished.InstanceId, finished.Status, finished.Result, finished.AppendedWfContext);
    }

    private void FinishNode(long nodeId, long? instanceId, InstanceStatus status, string? result, IReadOnlyDictionary<string, string>? appended)
    {
        var node = _wf.Dag.Nodes.FirstOrDefault(n => n.NodeId == nodeId);
        if (node is null || node.NodeStatus?.IsFinal() == true || _wf.Status != WorkflowInstanceStatus.Running) return;
        var now = _settings.Time.GetUtcNow().ToUnixTimeMilliseconds();
        _wf = _wf with { Dag = _wf.Dag.WithNode(node with
        {
            Status = (int)status, Result = result, InstanceId = instanceId ?? node.InstanceId, FinishedTime = now,
        }) };
        if (appended is { Count: > 0 })
        {
            var context = ReadContext(_wf.WfContext);
            foreach (var (key, value) in appended) context[key] = value;
            var json = JsonSerializer.Serialize(context);
            if (json.Length > MaxContextLength)
            {
                StopRunningNodes("the workflow failed");
                Finish(WorkflowInstanceStatus.Failed,
                    $"node {Label(node)} made the workflow context {json.Length} characters long; at most {MaxContextLength} are allowed");
                return;
            }
            _wf = _wf with { WfContext = json };
        }
        Advance([]);
    }

    private void LoadNodeInstances(bool resuming) =>
        _settings.Store.ListNodeInstancesAsync(_wf.WfInstanceId).PipeTo(Self, success: list => new NodeInstances(list, resuming));

    /// <summary>
    /// Applies outcomes the store has and this actor missed (a restart, a take-over). When resuming, a node marked
    /// dispatching takes the job instance created for it, or is dispatched again when none was.
    /// </summary>
    private void HandleNodeInstances(NodeInstances loaded)
    {
        if (_wf.Status != WorkflowInstanceStatus.Running) return;
        var before = _wf;
        var dispatch = new List<long>();
        foreach (var node in _wf.Dag.Nodes.Where(n => n.NodeStatus?.IsActive() == true).ToList())
        {
            var instance = node.InstanceId is { } id
                ? loaded.Instances.FirstOrDefault(i => i.InstanceId == id)
                : loaded.Resuming ? loaded.Instances.LastOrDefault(i => i.WfNodeId == node.NodeId && i.CreatedAt.ToUnixTimeMilliseconds() >= (node.StartTime ?? 0)) : null;
            if (instance is null)
            {
                if (loaded.Resuming && node.InstanceId is null) dispatch.Add(node.NodeId);
                continue;
            }
            if (instance.Status.IsFinal())
            {
                var now = _settings.Time.GetUtcNow().ToUnixTimeMilliseconds();
                _wf = _wf with { Dag = _wf.Dag.WithNode(node with
                {
                    Status = (int)instance.Status, Result = instance.Result, InstanceId = instance.InstanceId, FinishedTime = now,
                }) };
            }
            else if (node.InstanceId is null)
                _wf = _wf with { Dag = _wf.Dag.WithNode(node with { Status = (int)InstanceStatus.Running, InstanceId = instance.InstanceId }) };
        }
        if (loaded.Resuming) _log.Info("workflow instance {0} resumed from the store", _wf.WfInstanceId);
        if (loaded.Resuming || dispatch.Count > 0 || !ReferenceEquals(before, _wf)) Advance(dispatch);
    }

    private void HandleCommand(WorkflowCommand command)
    {
        var status = _wf.Status;
        switch (command.Kind)
        {
            case WorkflowCommand.Stop when !status.IsFinal():
                Timers.Cancel("begin");
                StopRunningNodes("stopped by user");
                Finish(WorkflowInstanceStatus.Stopped, "stopped by user");
                Sender.Tell(new WorkflowCommandResult(true, $"workflow instance {_wf.WfInstanceId} stopped"));
                break;
            case WorkflowCommand.Retry when status is WorkflowInstanceStatus.Failed or WorkflowInstanceStatus.Stopped:
                var reset = _wf.Dag.Nodes.Select(n => n.NodeStatus?.IsFinal() == true && !n.Done
                    ? n with { Status = null, InstanceId = null, Result = null, StartTime = null, FinishedTime = null }
                    : n).ToList();
                _wf = _wf with { Status = WorkflowInstanceStatus.Running, Result = null, FinishedTime = null, Dag = _wf.Dag with { Nodes = reset } };
                Timers.StartPeriodicTimer("reconcile", Reconcile.Instance, _settings.ReconcileInterval);
                _log.Info("workflow instance {0}: retry of its failed nodes", _wf.WfInstanceId);
                Advance([]);
                Sender.Tell(new WorkflowCommandResult(true, $"workflow instance {_wf.WfInstanceId} retried"));
                break;
            case WorkflowCommand.MarkNodeSuccess:
                MarkNodeSuccess(command);
                break;
            default:
                var allowed = command.Kind == WorkflowCommand.Stop
                    ? "only a waiting or running workflow instance can be stopped"
                    : "only a failed or stopped workflow instance can be retried";
                Sender.Tell(new WorkflowCommandResult(false, $"{allowed}; workflow instance {_wf.WfInstanceId} is {status.WireName()}"));
                PassivateIfIdle();
                break;
        }
    }

    private void MarkNodeSuccess(WorkflowCommand command)
    {
        var node = _wf.Dag.Nodes.FirstOrDefault(n => n.NodeId == command.NodeId);
        if (node is null || node.NodeStatus is not (InstanceStatus.Failed or InstanceStatus.Stopped or InstanceStatus.Canceled))
        {
            Sender.Tell(new WorkflowCommandResult(false, node is null
                ? $"nodeId {command.NodeId} is not a node of workflow instance {_wf.WfInstanceId}"
                : $"only a failed or stopped node can be marked as success; node {Label(node)} is {node.NodeStatus?.WireName() ?? "not started"}"));
            PassivateIfIdle();
            return;
        }
        _wf = _wf with { Dag = _wf.Dag.WithNode(node with { Status = (int)InstanceStatus.Succeed, Result = "marked as success by user" }) };
        Sender.Tell(new WorkflowCommandResult(true, $"node {Label(node)} of workflow instance {_wf.WfInstanceId} marked as success"));
        Advance([]);
    }
}
