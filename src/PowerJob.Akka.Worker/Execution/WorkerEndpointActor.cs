using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// The <c>worker</c> and <c>taskTracker</c> roots: starts a <see cref="TaskTrackerActor"/> per instance the server
/// schedules here, and routes stops, queries, sub-task maps, task reports and processor tracker status to it by
/// instance id. Only instances running now are known: nothing survives a restart, so a restarted worker never reports
/// a stale instance.
/// </summary>
public sealed class WorkerEndpointActor : ReceiveActor
{
    private const int RememberedFinishedRuns = 1024;

    private sealed record Tracked(IActorRef Tracker, int Attempt);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WorkerOptions _options;
    private readonly WorkerPeers _peers;
    private readonly IActorRef _connection;
    private readonly IActorRef _processorTracker;
    private readonly TimeProvider _time;
    private readonly Dictionary<long, Tracked> _trackers = new();
    private readonly HashSet<(long, int)> _finished = [];
    private readonly Queue<(long, int)> _finishedOrder = new();

    public WorkerEndpointActor(WorkerOptions options, WorkerPeers peers, IActorRef connection, IActorRef processorTracker, TimeProvider time)
    {
        _options = options;
        _peers = peers;
        _connection = connection;
        _processorTracker = processorTracker;
        _time = time;
        Receive<ServerScheduleJobReq>(HandleRun);
        Receive<ServerStopInstanceReq>(stop =>
        {
            if (!Route(stop.InstanceId, null, stop)) _log.Info("stop of instance {0} ignored: it is not running on this worker", stop.InstanceId);
        });
        Receive<ServerQueryInstanceStatusReq>(query =>
        {
            if (!Route(query.InstanceId, null, query)) Sender.Tell(AskResponse.Fail($"instance {query.InstanceId} is not running on this worker"));
        });
        Receive<ProcessorMapTaskRequest>(map =>
        {
            if (!Route(map.InstanceId, map.Attempt, map)) Sender.Tell(NotTracked(map.InstanceId, map.Attempt));
        });
        Receive<ProcessorReportTaskStatusReq>(report =>
        {
            if (!Route(report.InstanceId, report.Attempt, report)) Sender.Tell(NotTracked(report.InstanceId, report.Attempt));
        });
        // A status report for a run that ended here is expected: the processor tracker learns of the end later.
        Receive<ProcessorTrackerStatusReportReq>(status => Route(status.InstanceId, status.Attempt, status));
        Receive<TrackerFinished>(finished =>
        {
            Remember((finished.InstanceId, finished.Attempt));
            if (_trackers.TryGetValue(finished.InstanceId, out var tracked) && tracked.Attempt == finished.Attempt)
                _trackers.Remove(finished.InstanceId);
            // No longer routed to, so its end needs no Terminated (whose handler has to search for it).
            Context.Unwatch(Sender);
            // A pill, not Context.Stop: it queues behind the messages already forwarded to the tracker, which still
            // answers them; a stop would overtake them and leave their askers without a reply.
            Sender.Tell(PoisonPill.Instance);
        });
        // Only a tracker that ended without TrackerFinished (it crashed) is still watched; rare, so a search is fine.
        Receive<Terminated>(terminated =>
        {
            foreach (var (instanceId, tracked) in _trackers)
                if (tracked.Tracker.Equals(terminated.ActorRef))
                {
                    _trackers.Remove(instanceId);
                    return;
                }
        });
    }

    public static Props Props(WorkerOptions options, WorkerPeers peers, IActorRef connection, IActorRef processorTracker, TimeProvider time) =>
        DelegateProducer<WorkerEndpointActor>.Props(() => new WorkerEndpointActor(options, peers, connection, processorTracker, time));

    // A restarted tracker would run its root task again; a crashed run is dropped instead.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void HandleRun(ServerScheduleJobReq req)
    {
        if (_finished.Contains((req.InstanceId, req.Attempt)))
        {
            _log.Info("instance {0} attempt {1} already ran here; duplicate runJob ignored", req.InstanceId, req.Attempt);
            return;
        }
        if (_trackers.TryGetValue(req.InstanceId, out var current))
        {
            if (current.Attempt >= req.Attempt)
            {
                _log.Info("instance {0} attempt {1} is already running here; runJob for attempt {2} ignored", req.InstanceId, current.Attempt, req.Attempt);
                return;
            }
            _log.Info("instance {0}: attempt {1} replaces attempt {2}", req.InstanceId, req.Attempt, current.Attempt);
            Context.Unwatch(current.Tracker);
            current.Tracker.Tell(SupersedeRun.Instance);
            Remember((req.InstanceId, current.Attempt));
        }
        var tracker = Context.ActorOf(TaskTrackerActor.Props(req, _options, _peers, _connection, _processorTracker, _time),
            $"instance-{req.InstanceId}-{req.Attempt}");
        Context.Watch(tracker);
        _trackers[req.InstanceId] = new Tracked(tracker, req.Attempt);
    }

    private bool Route(long instanceId, int? attempt, object message)
    {
        if (!_trackers.TryGetValue(instanceId, out var tracked) || (attempt is { } a && a != tracked.Attempt)) return false;
        tracked.Tracker.Forward(message);
        return true;
    }

    private void Remember((long, int) run)
    {
        if (!_finished.Add(run)) return;
        _finishedOrder.Enqueue(run);
        if (_finishedOrder.Count > RememberedFinishedRuns) _finished.Remove(_finishedOrder.Dequeue());
    }

    private static AskResponse NotTracked(long instanceId, int attempt) =>
        AskResponse.Fail($"instance {instanceId} attempt {attempt} is not tracked on this worker");
}
