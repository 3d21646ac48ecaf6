using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>
/// One running workflow instance (a child of the app's workflow manager): dispatches every node whose upstream nodes are
/// done as a job instance carrying the workflow instance id and context, applies each node's stored outcome (a report for
/// another job instance than the node's current one, or after the node finished, is ignored), and ends SUCCEED, FAILED
/// or STOPPED. Every change is written to the store with a compare-and-set on the instance's version, fenced by the owner
/// epoch; a node is marked dispatching in the store before its job instance exists, so a resumed instance finds it.
/// </summary>
public sealed partial class WorkflowInstanceActor : ReceiveActor, IWithTimers
{
    /// <summary>The workflow context, as JSON, may not grow past this many characters; a node that would make it do fails the workflow.</summary>
    public const int MaxContextLength = 65_536;

    private sealed record Stored(bool Ok, IReadOnlyList<long> Dispatch);
    private sealed record NodeCreated(long NodeId, long InstanceId);
    private sealed record NodeNotCreated(long NodeId, string Reason);
    private sealed record NodeInstances(IReadOnlyList<InstanceRecord> Instances, bool Resuming);
    private sealed class Begin { public static readonly Begin Instance = new(); }
    private sealed class Reconcile { public static readonly Reconcile Instance = new(); }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WorkflowSettings _settings;
    private WorkflowInstanceRecord _wf;
    private long _nextVersion;
    private Task _writes = Task.CompletedTask;
    private int _pendingWrites;
    private bool _superseded;
    private bool _idleReported;

    public WorkflowInstanceActor(WorkflowInstanceRecord instance, WorkflowSettings settings)
    {
        _wf = instance;
        _nextVersion = instance.Version;
        _settings = settings;
        Receive<Begin>(_ => Start());
        Receive<NodeInstances>(HandleNodeInstances);
        Receive<Reconcile>(_ => LoadNodeInstances(resuming: false));
        Receive<Stored>(HandleStored);
        Receive<NodeCreated>(HandleCreated);
        Receive<NodeNotCreated>(failed => FinishNode(failed.NodeId, null, InstanceStatus.Failed, failed.Reason, null));
        Receive<NodeInstanceFinished>(HandleNodeFinished);
        Receive<WorkflowCommand>(HandleCommand);
        Receive<StopIfIdle>(_ => StopOrStayBusy());
        Receive<EpochLost>(lost => Context.Parent.Tell(lost));
        Receive<Status.Failure>(f => _log.Error(f.Cause, "workflow instance {0}: {1}", _wf.WfInstanceId, f.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WorkflowInstanceRecord instance, WorkflowSettings settings) =>
        global::Akka.Actor.Props.Create(() => new WorkflowInstanceActor(instance, settings));

    protected override void PreStart()
    {
        switch (_wf.Status)
        {
            case WorkflowInstanceStatus.Waiting:
                var wait = (_wf.ExpectedTriggerTime ?? DateTimeOffset.MinValue) - _settings.Time.GetUtcNow();
                Timers.StartSingleTimer("begin", Begin.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                break;
            case WorkflowInstanceStatus.Running:
                LoadNodeInstances(resuming: true);
                break;
        }
        if (!_wf.Status.IsFinal()) Timers.StartPeriodicTimer("reconcile", Reconcile.Instance, _settings.ReconcileInterval);
    }

    private void Start()
    {
        if (_wf.Status != WorkflowInstanceStatus.Waiting) return;
        _wf = _wf with { Status = WorkflowInstanceStatus.Running, ActualTriggerTime = _settings.Time.GetUtcNow() };
        _log.Info("workflow instance {0} of workflow {1} starts", _wf.WfInstanceId, _wf.WorkflowId);
        Advance([]);
    }

    /// <summary>Fails the workflow on a failed node, finishes it when every node is done, else dispatches the ready nodes.</summary>
    private void Advance(List<long> dispatch)
    {
        if (_wf.Status != WorkflowInstanceStatus.Running)
        {
            Persist(dispatch);
            return;
        }
        var now = _settings.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_wf.Dag.Nodes.FirstOrDefault(n => n.NodeStatus?.IsFinal() == true && !n.Done) is { } failed)
        {
            StopRunningNodes("the workflow failed");
            Finish(WorkflowInstanceStatus.Failed, $"node {Label(failed)} {failed.NodeStatus!.Value.WireName()}: {failed.Result}");
            return;
        }
        bool changed;
        do
        {
            changed = false;
            foreach (var node in _wf.Dag.Nodes.Where(n => n.Status is null).ToList())
            {
                if (!_wf.Dag.Upstream(node.NodeId).All(up => _wf.Dag.Nodes.First(n => n.NodeId == up).Done)) continue;
                if (!node.Enable)
                {
                    _wf = _wf with { Dag = _wf.Dag.WithNode(node with
                    {
                        Status = (int)InstanceStatus.Canceled, Result = "skipped: the node is disabled", StartTime = now, FinishedTime = now,
                    }) };
                    changed = true;
                    continue;
                }
                _wf = _wf with { Dag = _wf.Dag.WithNode(node with { Status = (int)InstanceStatus.WaitingDispatch, StartTime = now }) };
                dispatch.Add(node.NodeId);
            }
        } while (changed);
        if (_wf.Dag.Nodes.All(n => n.Done))
        {
            var last = _wf.Dag.Nodes.Where(n => n.NodeStatus == InstanceStatus.Succeed).MaxBy(n => n.FinishedTime ?? 0);
            Finish(WorkflowInstanceStatus.Succeed, last?.Result);
            return;
        }
        Persist(dispatch);
    }

    private void Finish(WorkflowInstanceStatus status, string? result)
    {
        _wf = _wf with { Status = status, Result = result, FinishedTime = _settings.Time.GetUtcNow() };
        Timers.Cancel("reconcile");
        _log.Info("workflow instance {0} of workflow {1}: {2} {3}", _wf.WfInstanceId, _wf.WorkflowId, status.WireName(), result);
        Persist([]);
    }

    private void StopRunningNodes(string why)
    {
        var now = _settings.Time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var node in _wf.Dag.Nodes.Where(n => n.NodeStatus?.IsActive() == true))
        {
            if (node.InstanceId is { } instanceId) _settings.Instances.Tell(new InstanceCommand(InstanceCommand.Stop, _wf.AppId, instanceId));
            _wf = _wf with { Dag = _wf.Dag.WithNode(node with { Status = (int)InstanceStatus.Stopped, Result = $"stopped: {why}", FinishedTime = now }) };
        }
    }

    /// <summary>Queues a write of the current state; once stored, the listed nodes are dispatched.</summary>
    private void Persist(IReadOnlyList<long> dispatch)
    {
        _wf = _wf with { UpdatedAt = _settings.Time.GetUtcNow() };
        var (store, owner, updated, expected) = (_settings.Store, _settings.Owner, _wf, _nextVersion++);
        _pendingWrites++;
        var write = _writes.ContinueWith(_ => store.UpdateWorkflowInstanceAsync(updated, expected, owner), TaskScheduler.Default).Unwrap();
        _writes = write;
        write.PipeTo(Self, success: ok => new Stored(ok, dispatch),
            failure: e => e.GetBaseException() is StaleOwnerEpochException stale ? new EpochLost(stale.Message) : new Status.Failure(e));
    }

    private void HandleStored(Stored stored)
    {
        _pendingWrites--;
        if (!stored.Ok)
        {
            _log.Warning("workflow instance {0}: the store holds a newer version; no longer running it here", _wf.WfInstanceId);
            _superseded = true;
            PassivateIfIdle();
            return;
        }
        foreach (var nodeId in stored.Dispatch) Dispatch(nodeId);
        PassivateIfIdle();
    }

    private bool Idle => _superseded || (_wf.Status.IsFinal() && _pendingWrites == 0);

    private void PassivateIfIdle()
    {
        if (!Idle || _idleReported) return;
        _idleReported = true;
        Context.Parent.Tell(new WorkflowInstanceIdle(_wf.WfInstanceId));
    }

    private void StopOrStayBusy()
    {
        _idleReported = false;
        if (Idle) Context.Stop(Self);
        else Context.Parent.Tell(new WorkflowInstanceBusy(_wf.WfInstanceId));
    }

    private void Dispatch(long nodeId)
    {
        var node = _wf.Dag.Nodes.First(n => n.NodeId == nodeId);
        var run = new RunNodeRequest(node.JobId, _wf.WfInstanceId, node.NodeId, node.NodeParams, _wf.WfContext);
        _settings.Instances.Ask<InstanceCreated>(run, TimeSpan.FromSeconds(10)).PipeTo(Self,
            success: created => new NodeCreated(nodeId, created.InstanceId),
            failure: e => new NodeNotCreated(nodeId, $"its job instance could not be created: {e.GetBaseException().Message}"));
    }

    private static string Label(WorkflowNode node) => node.NodeName is { } name ? $"{node.NodeId} ('{name}')" : node.NodeId.ToString();

    private static Dictionary<string, string> ReadContext(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();
}
