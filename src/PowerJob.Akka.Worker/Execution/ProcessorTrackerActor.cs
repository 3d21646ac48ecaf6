using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Worker.Logging;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// The <c>processorTracker</c> root, one per worker for every instance: queues tasks, runs at most
/// <see cref="WorkerOptions.MaxConcurrency"/> at once, and reports each outcome to the task tracker that sent it.
/// A stop (or the instance timeout) cancels the token of every queued and running task of the instance's attempt.
/// Tasks of a task tracker on this worker come and go by local tell (<see cref="StartLocalTask"/>, <see cref="LocalTaskReport"/>);
/// those of other workers' trackers by the wire, acknowledged, with reports retried.
/// </summary>
public sealed partial class ProcessorTrackerActor : ReceiveActor, IWithTimers
{
    private const int MaxReportTries = 4;
    private const int RememberedStops = 1024;
    private const string RetryTimer = "retry-reports";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A task waiting for a slot; <paramref name="Tracker"/> is its task tracker when that runs on this worker, told when
    /// the task starts if it was <paramref name="Held"/> until its due time.
    /// </summary>
    private sealed record Queued(TaskTrackerStartTaskReq Request, IReadOnlyList<TaskResult>? Results, IActorRef? Tracker, bool Held = false)
    {
        public (long, int) Run => (Request.InstanceInfo.InstanceId, Request.InstanceInfo.Attempt);
    }

    private sealed record TaskDone(Queued Task, ProcessResult Result, IReadOnlyDictionary<string, string>? Appended);

    private sealed record PendingReport(ProcessorReportTaskStatusReq Report, string TrackerAddress, int Tries);

    private sealed record ReportDone(PendingReport Pending, PeerReply Reply);

    private sealed class RetryTick
    {
        public static readonly RetryTick Instance = new();
    }

    private sealed class Run(CancellationTokenSource cancellation, string trackerAddress)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public string TrackerAddress { get; } = trackerAddress;
        public int Tasks { get; set; }
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WorkerOptions _options;
    private readonly WorkerPeers _peers;
    private readonly ProcessorCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly IActorRef _logs;
    private readonly TimeProvider _time;
    private readonly Queue<Queued> _queue = new();
    private readonly Dictionary<(long, int), Run> _runs = new();
    private readonly HashSet<(long, int)> _stopped = [];
    private readonly Queue<(long, int)> _stopOrder = new();
    private readonly List<PendingReport> _retries = [];
    private int _running;

    public ProcessorTrackerActor(WorkerOptions options, WorkerPeers peers, ProcessorCatalog catalog, IServiceProvider services,
        IActorRef logs, TimeProvider time)
    {
        _options = options;
        _peers = peers;
        _catalog = catalog;
        _services = services;
        _logs = logs;
        _time = time;
        Receive<TaskTrackerStartTaskReq>(start =>
        {
            Sender.Tell(AskResponse.Ok());
            Enqueue(new Queued(start, null, null));
        });
        Receive<StartLocalTask>(local =>
        {
            var task = new Queued(local.Request, local.Results, local.Tracker, local.StartAt is not null);
            if (local.StartAt is not { } at || !Hold(task, at)) Enqueue(task);
        });
        Receive<DueTick>(ReleaseDue);
        Receive<TaskTrackerStopInstanceReq>(HandleStop);
        Receive<TaskDone>(HandleDone);
        Receive<ReportDone>(HandleReportDone);
        Receive<RetryTick>(_ => RetryReports());
        Receive<StatusTick>(_ => ReportLoad());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WorkerOptions options, WorkerPeers peers, ProcessorCatalog catalog, IServiceProvider services,
        IActorRef logs, TimeProvider time) =>
        DelegateProducer<ProcessorTrackerActor>.Props(() => new ProcessorTrackerActor(options, peers, catalog, services, logs, time));

    protected override void PostStop()
    {
        foreach (var run in _runs.Values) run.Cancellation.Cancel();
        StopHeldTimers();
    }

    private void Enqueue(Queued task)
    {
        if (!Admit(task)) return;
        _queue.Enqueue(task);
        Pump();
    }

    // Counts the task in its run (opened on its first task); false for a task of a stopped run, which is dropped.
    private bool Admit(Queued task)
    {
        if (_stopped.Contains(task.Run))
        {
            _log.Debug("task {0} of stopped instance {1} ignored", task.Request.TaskId, task.Run);
            return false;
        }
        if (!_runs.TryGetValue(task.Run, out var run))
        {
            var cancellation = new CancellationTokenSource();
            var timeout = task.Request.InstanceInfo.InstanceTimeoutMS;
            // The task tracker times the instance out and stops it everywhere; this only frees tasks whose tracker is gone.
            // A tracker on this worker stops its tasks here when it stops itself, so its tasks need no such timer.
            if (timeout > 0 && task.Tracker is null) cancellation.CancelAfter(TimeSpan.FromMilliseconds(timeout) + OrphanGrace);
            _runs[task.Run] = run = new Run(cancellation, task.Request.TaskTrackerAddress);
            StartStatusReports(run);
        }
        run.Tasks++;
        return true;
    }

    private void Pump()
    {
        while (_running < _options.MaxConcurrency && _queue.TryDequeue(out var task))
        {
            if (_stopped.Contains(task.Run))
            {
                Release(task.Run);
                continue;
            }
            _running++;
            Start(task, _runs[task.Run].Cancellation.Token);
        }
    }

    private void Start(Queued task, CancellationToken cancellation)
    {
        var request = task.Request;
        var info = request.InstanceInfo;
        ExecuteTypes.TryParse(info.ExecuteType, out var executeType);
        var canMap = executeType is ExecuteType.Map or ExecuteType.MapReduce && request.TaskName != TaskContext.LastTaskName;
        var context = new TaskContext(canMap ? MapThrough(request.TaskTrackerAddress, info.Attempt) : null)
        {
            InstanceId = info.InstanceId,
            JobId = info.JobId,
            TaskId = request.TaskId,
            TaskName = request.TaskName,
            JobParams = info.JobParams,
            InstanceParams = info.InstanceParams,
            WfInstanceId = info.WfInstanceId,
            WorkflowContext = info.WfInstanceId is null ? TaskContext.NoContext : TaskContext.ReadWorkflowContext(info.InstanceParams),
            SubTaskContent = request.TaskContent,
            CurrentRetryTimes = request.TaskCurrentRetryNums,
            MaxRetryTimes = info.TaskRetryNum,
            WorkerAddress = _peers.SelfAddress,
            Log = new OmsLogger(new InstanceLogToken(info.InstanceId, info.Attempt, info.DispatchToken), _logs, _time),
            CancellationToken = cancellation,
        };
        var (services, catalog, self) = (_services, _catalog, Self);
        // Off the actor's thread (a processor may block); one task, its outcome told back, never thrown.
        Task.Run(async () =>
        {
            ProcessResult result;
            try
            {
                result = await ProcessorInvoker.RunAsync(services, catalog, request, context, task.Results);
            }
            catch (Exception e)
            {
                result = ProcessResult.Fail(e.GetBaseException().Message);
            }
            self.Tell(new TaskDone(task, result, context.AppendedWfContext));
        });
        if (task is { Held: true, Tracker: { } tracker }) tracker.Tell(new LocalTaskStarted(info.InstanceId, info.Attempt));
    }

    private Func<ProcessorMapTaskRequest, Task> MapThrough(string trackerAddress, int attempt)
    {
        var peers = _peers;
        return async request =>
        {
            var reply = await peers.AskAsync(trackerAddress, request with { Attempt = attempt });
            if (!reply.Delivered) throw new InvalidOperationException($"sending {request.SubTasks.Count} sub-tasks to the task tracker at {trackerAddress} failed: {reply.Error}");
            if (!reply.Response!.Success) throw new InvalidOperationException($"the task tracker refused the sub-tasks: {reply.Response.Message}");
        };
    }

    private void HandleDone(TaskDone done)
    {
        _running--;
        var run = done.Task.Run;
        Release(run);
        if (!_stopped.Contains(run))
        {
            var request = done.Task.Request;
            var report = new ProcessorReportTaskStatusReq
            {
                InstanceId = request.InstanceInfo.InstanceId,
                Attempt = request.InstanceInfo.Attempt,
                TaskId = request.TaskId,
                Status = done.Result.Success ? ProcessorReportTaskStatusReq.Succeeded : ProcessorReportTaskStatusReq.Failed,
                Result = ProcessorInvoker.Truncate(done.Result.Message, _options.MaxResultLength),
                ReportTime = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                SourceAddress = _peers.SelfAddress,
                AppendedWfContext = done.Appended,
            };
            if (done.Task.Tracker is { } tracker) tracker.Tell(new LocalTaskReport(report));
            else Report(new PendingReport(report, request.TaskTrackerAddress, 1));
        }
        Pump();
    }

    private void Release((long, int) key)
    {
        if (!_runs.TryGetValue(key, out var run) || --run.Tasks > 0) return;
        _runs.Remove(key);
        run.Cancellation.Dispose();
        ReportIdle(key, run);
    }

    private void Report(PendingReport pending) =>
        _peers.AskAsync(pending.TrackerAddress, pending.Report)
            .ContinueWith(t => new ReportDone(pending, t.Result))
            .PipeTo(Self);

    private void HandleReportDone(ReportDone done)
    {
        var (pending, reply) = (done.Pending, done.Reply);
        if (reply.Delivered)
        {
            if (!reply.Response!.Success)
                _log.Debug("task tracker {0} dropped the report of task {1}: {2}", pending.TrackerAddress, pending.Report.TaskId, reply.Response.Message);
            return;
        }
        if (pending.Tries >= MaxReportTries)
        {
            _log.Warning("gave up reporting task {0} of instance {1} to {2} after {3} tries: {4}", pending.Report.TaskId,
                pending.Report.InstanceId, pending.TrackerAddress, pending.Tries, reply.Error);
            return;
        }
        _retries.Add(pending with { Tries = pending.Tries + 1 });
        if (!Timers.IsTimerActive(RetryTimer)) Timers.StartSingleTimer(RetryTimer, RetryTick.Instance, RetryDelay);
    }

    private void RetryReports()
    {
        foreach (var pending in _retries) Report(pending);
        _retries.Clear();
    }

    private void HandleStop(TaskTrackerStopInstanceReq stop)
    {
        var key = (stop.InstanceId, stop.Attempt);
        if (_stopped.Add(key))
        {
            _stopOrder.Enqueue(key);
            if (_stopOrder.Count > RememberedStops) _stopped.Remove(_stopOrder.Dequeue());
        }
        if (_runs.TryGetValue(key, out var run))
        {
            _log.Info("stopping instance {0} (attempt {1}): canceling its tasks", stop.InstanceId, stop.Attempt);
            run.Cancellation.Cancel();
        }
    }
}
