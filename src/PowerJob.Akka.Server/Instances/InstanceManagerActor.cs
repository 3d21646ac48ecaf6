using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Server.Dispatch;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// The instances of one app (a child of the app's entity): dispatch to a worker, the worker's
/// reports (a report from an older attempt, or after a final status, is ignored), receive/report/instance
/// timeouts, retries on another worker, stop/cancel/retry. Active instances are reloaded from the store at
/// start, so nothing stays RUNNING after a crash or a move. Every write is fenced by the entity's owner epoch; a
/// refused one is told to the entity, which stops.
/// </summary>
public sealed partial class InstanceManagerActor : ReceiveActor, IWithTimers
{
    private sealed record WorkersFor(long InstanceId, int Attempt);
    private sealed record StopOn(long InstanceId, string Address);
    private sealed record DispatchDue(long InstanceId);
    private sealed record Recovered(IReadOnlyList<TrackedInstance> Instances);
    private sealed class Sweep { public static readonly Sweep Instance = new(); }
    private sealed record Created(TrackedInstance Instance, TimeSpan Delay, IActorRef ReplyTo, DispatchPlan? Plan = null);
    /// <summary>A reply to pass on from a task; <paramref name="Lost"/>: the entity must also learn its epoch is stale.</summary>
    private sealed record Forward(object Message, IActorRef To, EpochLost? Lost = null);
    private sealed record SendDispatch(long InstanceId, int Attempt, RemoteTarget Target, ServerScheduleJobReq Request, DateTimeOffset? At);
    private sealed class DispatchNotStored { public static readonly DispatchNotStored Instance = new(); }
    private sealed record RunJobDone(object Outcome);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private const int FinishedMemory = 10_000;

    private readonly Dictionary<long, TrackedInstance> _active = new();
    private readonly JobCache _jobs;
    private readonly Dictionary<long, TrackedInstance> _finished = new();
    private readonly Queue<long> _finishedOrder = new();
    private readonly InstanceManagerSettings _settings;
    private readonly IPowerJobStore _store;
    private readonly TimeProvider _time;
    private readonly Random _random = new();
    private DateTimeOffset _startedAt;
    // runJob calls whose instance is being stored: they count against the limit before they are tracked.
    private int _creating;
    private long _refusedRuns;

    public InstanceManagerActor(InstanceManagerSettings settings)
    {
        _settings = settings;
        _store = settings.Store;
        _time = settings.Time;
        _jobs = new JobCache(settings.Time);
        Receive<ClaimFire>(claim => _settings.WorkerRegistry.Tell(new GetWorkers(_settings.Owner.AppId, new ClaimWorkers(claim, Sender))));
        Receive<RunJobRequest>(run =>
        {
            var replyTo = Sender;
            if (RefuseRun(replyTo)) return;
            _creating++;
            WithJob(run.JobId, new PendingRun(run, replyTo));
        });
        ReceiveRuns();
        ReceiveFires();
        Receive<RunJobDone>(done =>
        {
            _creating--;
            switch (done.Outcome)
            {
                case Created created: HandleCreated(created); break;
                case Forward forward: HandleForward(forward); break;
            }
        });
        Receive<RunNodeRequest>(run => WithJob(run.JobId, new PendingNode(run, Sender)));
        Receive<Created>(HandleCreated);
        Receive<Forward>(HandleForward);
        Receive<DispatchDue>(due => { if (Waiting(due.InstanceId) is { } t) Dispatch(t); });
        Receive<WorkerList>(HandleWorkers);
        Receive<SendDispatch>(HandleSendDispatch);
        Receive<DispatchNotStored>(_ => { });
        Receive<TaskTrackerReportInstanceStatusReq>(HandleReport);
        Receive<WorkerQueryExecutorClusterReq>(query => _settings.WorkerRegistry.Tell(new GetWorkers(query.AppId, Sender)));
        Receive<DeadlinesDue>(_ => HandleDeadlinesDue());
        ReceiveWrites();
        Receive<Recovered>(HandleRecovered);
        Receive<Sweep>(_ => StartRecovery());
        Receive<EpochLost>(lost => Context.Parent.Tell(lost));
        Receive<Status.Failure>(f => _log.Error(f.Cause, "instance manager: {0}", f.Cause.Message));
        ReceiveCommands();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(InstanceManagerSettings settings) =>
        global::Akka.Actor.Props.Create(() => new InstanceManagerActor(settings));

    protected override void PreStart()
    {
        _startedAt = _time.GetUtcNow();
        StartRecovery();
        Timers.StartPeriodicTimer("sweep", Sweep.Instance, _settings.ReportTimeout);
    }

    private TrackedInstance Track(TrackedInstance instance)
    {
        _active[instance.Id] = instance;
        _settings.Load?.ActiveInstances(_settings.Owner.AppId, _active.Count);
        return instance;
    }

    private bool IsKnown(long id) => _active.ContainsKey(id) || _finished.ContainsKey(id);

    private void Drop(long id)
    {
        if (_active.Remove(id)) CancelTimers(id);
        _settings.Load?.ActiveInstances(_settings.Owner.AppId, _active.Count);
    }

    /// <summary>
    /// Every active instance (a delayed one waits here with its timer) is kept in memory, so a flood of runJob calls is
    /// refused beyond <c>oms.instance.max-active-per-app</c> — before anything is stored, so nothing accepted is lost.
    /// Fires of the app's schedules and workflow nodes are always taken: they are bounded by the schedules themselves.
    /// </summary>
    private bool RefuseRun(IActorRef replyTo)
    {
        var held = _active.Count + _creating;
        if (held < _settings.MaxActive) return false;
        var reason = $"app '{_settings.AppName}' has {held} active instances, the most one app keeps " +
                     $"('{ServerOptions.MaxActiveInstancesKey}' = {_settings.MaxActive}); runJob refused, nothing stored; " +
                     "run it again once some have finished, or raise the limit";
        if (_refusedRuns++ % 1000 == 0) _log.Warning("{0} (refused so far: {1})", reason, _refusedRuns);
        _settings.Load?.RunRefused();
        replyTo.Tell(new RunJobRefused(reason));
        return true;
    }

    private TrackedInstance? Waiting(long id) =>
        _active.TryGetValue(id, out var t) && t.Current.Status == InstanceStatus.WaitingDispatch ? t : null;

    private void HandleForward(Forward forward)
    {
        forward.To.Tell(forward.Message);
        if (forward.Lost is { } lost) Context.Parent.Tell(lost);
    }

    private void HandleCreated(Created created)
    {
        created.ReplyTo.Tell(new InstanceCreated(created.Instance.Id));
        if (IsKnown(created.Instance.Id)) return;
        var t = Track(created.Instance);
        if (created.Plan is { } plan)
        {
            if (Request(t, t.Current, plan) is { } request) Arm(t, plan, request, null, null);
        }
        else if (created.Delay > TimeSpan.Zero) Timers.StartSingleTimer(Key("due", t.Id), new DispatchDue(t.Id), created.Delay);
        else Dispatch(t);
    }

    private void Dispatch(TrackedInstance t)
    {
        var max = t.Job.MaxInstanceNum;
        var running = max == 0 ? 0 : _active.Values.Count(x =>
            x.Job.Id == t.Job.Id && x.Id != t.Id && x.Current.Status is InstanceStatus.WaitingWorkerReceive or InstanceStatus.Running);
        if (max > 0 && running >= max)
        {
            Finish(t, InstanceStatus.Failed, $"too many instances: {running} running, maxInstanceNum is {max}");
            return;
        }
        _settings.WorkerRegistry.Tell(new GetWorkers(t.Current.AppId, new WorkersFor(t.Id, t.Current.Attempt)));
    }

    private void HandleWorkers(WorkerList list)
    {
        if (list.Tag is IActorRef asker)
        {
            var addresses = list.Workers.Where(w => w.Alive).Select(w => w.Address).ToList();
            asker.Tell(AskResponse.Ok(System.Text.Json.JsonSerializer.Serialize(addresses)));
            return;
        }
        if (list.Tag is StopOn stop)
        {
            if (list.Workers.FirstOrDefault(w => w.Address == stop.Address) is { } worker)
                _settings.ProtocolSelection.Tell(new SendToRemote(new RemoteTarget(worker.Protocol, worker.Address, NodeRole.Worker),
                    new ServerStopInstanceReq(stop.InstanceId)));
            return;
        }
        if (list.Tag is RunWorkers run)
        {
            HandleRunWorkers(run, list.Workers);
            return;
        }
        if (list.Tag is ClaimWorkers claim)
        {
            HandleClaimWorkers(claim, list.Workers);
            return;
        }
        if (list.Tag is not WorkersFor tag || Waiting(tag.InstanceId) is not { } t || t.Current.Attempt != tag.Attempt) return;

        var (plan, reason) = WorkerSelection.Select(t.Job, t.AppName, list.Workers, t.Current.TaskTrackerAddress, _random);
        if (plan is null && !list.Workers.Any(w => w.Alive) && _time.GetUtcNow() - _startedAt < _settings.WorkerGracePeriod)
        {
            _log.Info("instance {0}: no live worker of app {1} has reached this server since it took the app over; waiting for heartbeats", t.Id, t.AppName);
            Timers.StartSingleTimer(Key("due", t.Id), new DispatchDue(t.Id), TimeSpan.FromSeconds(1));
            return;
        }
        if (plan is null)
        {
            Finish(t, InstanceStatus.Failed, reason!);
            return;
        }
        var now = _time.GetUtcNow();
        var sendAt = t.SendAt;
        t.SendAt = null;
        var attempt = t.Current.Attempt + 1;
        var updated = Dispatched(t.Current, plan, sendAt ?? now, now) with { Attempt = attempt, RunningTimes = t.Current.RunningTimes + 1 };
        if (Request(t, updated, plan) is not { } request) return;
        // The worker hears of an attempt only once the store has it, so two servers can never both run one attempt.
        var write = Write(t, updated, DispatchNote(plan, attempt));
        Arm(t, plan, request, write, sendAt);
    }

    /// <summary>
    /// Late reports and commands for an instance that just finished must not reload it from a store its final write
    /// may not have reached yet; the finished instance (with its queue of writes) answers them instead, until its final
    /// status is stored (<see cref="HandlePersisted"/>). Past that the store answers them: keeping every finished
    /// instance a while longer kept thousands alive at a high fire rate for the GC to copy, for reports that are rare.
    /// </summary>
    private void RememberFinished(TrackedInstance t)
    {
        if (!_finished.TryAdd(t.Id, t)) return;
        _finishedOrder.Enqueue(t.Id);
        if (_finishedOrder.Count > FinishedMemory) _finished.Remove(_finishedOrder.Dequeue());
    }

    private void Reply(IActorRef replyTo, object message)
    {
        if (!replyTo.IsNobody() && replyTo.Path.Name != "deadLetters") replyTo.Tell(message);
    }

    private void CancelTimers(long id)
    {
        foreach (var kind in TimerKinds) Timers.Cancel(Key(kind, id));
    }

    // The other timeouts are deadlines (InstanceManagerActor.Deadlines.cs), checked against the instance when due.
    private static readonly string[] TimerKinds = ["due", "final"];

    private static string Key(string kind, long id) => $"{kind}-{id}";
}
