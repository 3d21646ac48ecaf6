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
/// The workflows of one app (a child of the app's entity): starts an instance per <c>runWorkflow</c> or due fire, keeps one
/// <see cref="WorkflowInstanceActor"/> per running instance, resumes the active ones from the store at start, and routes
/// node outcomes and the user's commands to them (loading an instance from the store when it has no actor here).
/// </summary>
public sealed partial class WorkflowManagerActor : ReceiveActor, IWithTimers
{
    private sealed record Recovered(IReadOnlyList<WorkflowInstanceRecord> Instances);
    private sealed record Started(WorkflowInstanceRecord Instance, IActorRef? ReplyTo);
    private sealed record Loaded(WorkflowInstanceRecord? Instance, long WfInstanceId, object Message, IActorRef Sender);
    private sealed record Reply(object Message, IActorRef To);
    private sealed record Stopping(IActorRef Child, List<(object Message, IActorRef Sender)> Held);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WorkflowSettings _settings;
    private readonly Dictionary<long, IActorRef> _running = new();
    // Instances asked to stop, with what came for them meanwhile: handed back if they stay, else routed anew once stopped.
    private readonly Dictionary<long, Stopping> _stopping = new();
    private long _spawned;

    public WorkflowManagerActor(WorkflowSettings settings)
    {
        _settings = settings;
        Receive<Recovered>(recovered =>
        {
            foreach (var instance in recovered.Instances) Spawn(instance);
            if (recovered.Instances.Count > 0) _log.Info("resumed {0} workflow instances from the store", recovered.Instances.Count);
        });
        Receive<RunWorkflowRequest>(run =>
        {
            var replyTo = Sender;
            CreateAsync(run).PipeTo(Self, success: i => new Started(i, replyTo), failure: e => Failed(e, replyTo));
        });
        Receive<Started>(started =>
        {
            started.ReplyTo?.Tell(new WorkflowInstanceCreated(started.Instance.WfInstanceId));
            Spawn(started.Instance);
        });
        Receive<Reply>(reply => reply.To.Tell(reply.Message));
        Receive<WorkflowCommand>(command => Route(command.WfInstanceId, command, Sender));
        Receive<NodeInstanceFinished>(finished => Route(finished.WfInstanceId, finished, Sender));
        Receive<Loaded>(HandleLoaded);
        Receive<WorkflowInstanceIdle>(idle =>
        {
            if (!_running.TryGetValue(idle.WfInstanceId, out var child) || !child.Equals(Sender)) return;
            _running.Remove(idle.WfInstanceId);
            _stopping[idle.WfInstanceId] = new Stopping(child, []);
            child.Tell(StopIfIdle.Instance);
        });
        Receive<WorkflowInstanceBusy>(busy =>
        {
            if (!_stopping.TryGetValue(busy.WfInstanceId, out var stopping) || !stopping.Child.Equals(Sender)) return;
            _stopping.Remove(busy.WfInstanceId);
            _running[busy.WfInstanceId] = stopping.Child;
            foreach (var (message, sender) in stopping.Held) stopping.Child.Tell(message, sender);
        });
        Receive<Terminated>(terminated =>
        {
            foreach (var (id, _) in _running.Where(p => p.Value.Equals(terminated.ActorRef)).ToList()) _running.Remove(id);
            foreach (var (id, stopping) in _stopping.Where(p => p.Value.Child.Equals(terminated.ActorRef)).ToList())
            {
                _stopping.Remove(id);
                foreach (var (message, sender) in stopping.Held) Route(id, message, sender);
            }
        });
        Receive<EpochLost>(lost => Context.Parent.Tell(lost));
        ReceiveSchedule();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WorkflowSettings settings) => global::Akka.Actor.Props.Create(() => new WorkflowManagerActor(settings));

    protected override void PreStart()
    {
        _settings.Store.ListActiveWorkflowInstancesAsync(_settings.Owner.AppId).PipeTo(Self, success: list => new Recovered(list));
        StartSchedule();
    }

    private object Failed(Exception e, IActorRef replyTo) => e.GetBaseException() is StaleOwnerEpochException stale
        ? new EpochLost(stale.Message)
        : new Reply(new Status.Failure(e.GetBaseException()), replyTo);

    private async Task<WorkflowInstanceRecord> CreateAsync(RunWorkflowRequest run)
    {
        var workflow = await _settings.Store.FindWorkflowAsync(run.WorkflowId);
        if (workflow is null || workflow.AppId != _settings.Owner.AppId)
            throw new ArgumentException($"workflowId {run.WorkflowId} is unknown in app '{_settings.AppName}' (appId {_settings.Owner.AppId})");
        var instance = NewInstance(workflow, run.InitParams, _settings.Time.GetUtcNow() + TimeSpan.FromMilliseconds(run.DelayMs));
        await CheckMaxInstancesAsync(workflow);
        return await _settings.Store.InsertWorkflowInstanceAsync(instance, _settings.Owner);
    }

    private async Task CheckMaxInstancesAsync(WorkflowRecord workflow)
    {
        if (workflow.MaxWfInstanceNum <= 0) return;
        var active = await _settings.Store.CountActiveWorkflowInstancesAsync(workflow.Id);
        if (active >= workflow.MaxWfInstanceNum)
            throw new InvalidOperationException(
                $"too many instances of workflow {workflow.Id}: {active} waiting or running, maxWfInstanceNum is {workflow.MaxWfInstanceNum}");
    }

    /// <summary>A new instance: the DAG as saved, the context holding the init params under PowerJob's key <c>initParams</c>.</summary>
    private WorkflowInstanceRecord NewInstance(WorkflowRecord workflow, string? initParams, DateTimeOffset due)
    {
        var now = _settings.Time.GetUtcNow();
        var context = initParams is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["initParams"] = initParams };
        return new WorkflowInstanceRecord
        {
            WorkflowId = workflow.Id, AppId = workflow.AppId, Dag = workflow.Dag, WfInitParams = initParams, WfContext = JsonSerializer.Serialize(context),
            ExpectedTriggerTime = due, CreatedAt = now, UpdatedAt = now,
        };
    }

    private void Spawn(WorkflowInstanceRecord instance)
    {
        if (_running.ContainsKey(instance.WfInstanceId)) return;
        // Numbered: an instance's previous actor may still be stopping under its name.
        var child = Context.ActorOf(WorkflowInstanceActor.Props(instance, _settings), $"wf-{instance.WfInstanceId}-{++_spawned}");
        Context.Watch(child);
        _running[instance.WfInstanceId] = child;
    }

    private void Route(long wfInstanceId, object message, IActorRef sender)
    {
        if (_running.TryGetValue(wfInstanceId, out var child))
        {
            child.Tell(message, sender);
            return;
        }
        if (_stopping.TryGetValue(wfInstanceId, out var stopping))
        {
            stopping.Held.Add((message, sender));
            return;
        }
        _settings.Store.FindWorkflowInstanceAsync(wfInstanceId).PipeTo(Self, success: i => new Loaded(i, wfInstanceId, message, sender),
            failure: e => new Reply(new WorkflowCommandResult(false, $"the store could not be read: {e.Message}"), sender));
    }

    private void HandleLoaded(Loaded loaded)
    {
        if (loaded.Instance is not { } instance || instance.AppId != _settings.Owner.AppId)
        {
            if (loaded.Message is WorkflowCommand)
                loaded.Sender.Tell(new WorkflowCommandResult(false, $"wfInstanceId {loaded.WfInstanceId} is unknown in app '{_settings.AppName}'"));
            return;
        }
        if (loaded.Message is NodeInstanceFinished && instance.Status.IsFinal()) return;
        if (_stopping.TryGetValue(instance.WfInstanceId, out var stopping))
        {
            stopping.Held.Add((loaded.Message, loaded.Sender));
            return;
        }
        if (!_running.ContainsKey(instance.WfInstanceId)) Spawn(instance);
        _running[instance.WfInstanceId].Tell(loaded.Message, loaded.Sender);
    }
}
