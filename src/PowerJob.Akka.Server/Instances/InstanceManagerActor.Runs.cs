using Akka.Actor;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Server.Dispatch;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// Creating instances for runJob and workflow nodes. The job comes from the app's <see cref="JobCache"/>; a runJob without a
/// delay has its worker chosen first and is inserted already dispatched (one write, then only the send), one with a delay or
/// without a live worker waits as WAITING_DISPATCH.
/// </summary>
public sealed partial class InstanceManagerActor
{
    private sealed record PendingRun(RunJobRequest Run, IActorRef ReplyTo);
    private sealed record PendingNode(RunNodeRequest Run, IActorRef ReplyTo);
    private sealed record JobRead(long JobId, JobRecord? Job, long Version, object Pending);
    private sealed record RunWorkers(RunJobRequest Run, JobRecord Job, IActorRef ReplyTo);

    private void ReceiveRuns()
    {
        Receive<JobRead>(read =>
        {
            if (read.Job is { } job) _jobs.Put(job, read.Version);
            WithJob(read.Job, read.JobId, read.Pending);
        });
        Receive<JobChanged>(changed => _jobs.Changed(changed.JobId));
    }

    /// <summary>Continues <paramref name="pending"/> with its job, from the cache or read from the store.</summary>
    private void WithJob(long jobId, object pending)
    {
        if (_jobs.TryGet(jobId, out var job))
        {
            WithJob(job, jobId, pending);
            return;
        }
        var version = _jobs.Version;
        _store.FindJobAsync(jobId).PipeTo(Self, success: found => new JobRead(jobId, found, version, pending),
            failure: e => pending switch
            {
                PendingRun run => new RunJobDone(new Forward(new Status.Failure(e), run.ReplyTo)),
                PendingNode node => new Forward(new Status.Failure(e), node.ReplyTo),
                _ => new Status.Failure(e),
            });
    }

    private void WithJob(JobRecord? job, long jobId, object pending)
    {
        var appId = _settings.Owner.AppId;
        var known = job is not null && job.AppId == appId;
        switch (pending)
        {
            case PendingRun { Run: var run, ReplyTo: var replyTo } when !known || run.AppId != appId:
                _creating--;
                replyTo.Tell(new RunJobUnknownJob(jobId, $"jobId {jobId} is unknown in app '{_settings.AppName}' (appId {run.AppId})"));
                break;
            // A delayed run waits its delay; one of a job with maxInstanceNum is checked against the running ones at its dispatch.
            case PendingRun { Run: var run, ReplyTo: var replyTo } when run.DelayMs > 0 || job!.MaxInstanceNum > 0:
                Insert(NewInstance(run, job!), job!, TimeSpan.FromMilliseconds(run.DelayMs), replyTo, null, null);
                break;
            case PendingRun { Run: var run, ReplyTo: var replyTo }:
                _settings.WorkerRegistry.Tell(new GetWorkers(appId, new RunWorkers(run, job!, replyTo)));
                break;
            case PendingNode { ReplyTo: var replyTo } when !known:
                replyTo.Tell(new Status.Failure(new ArgumentException($"jobId {jobId} is unknown in appId {appId}")));
                break;
            case PendingNode { Run: var run, ReplyTo: var replyTo }:
                var now = _time.GetUtcNow();
                Insert(new InstanceRecord
                {
                    JobId = job!.Id, AppId = job.AppId, JobParams = run.JobParams ?? job.JobParams, InstanceParams = run.InstanceParams,
                    ExpectedTriggerTime = now, CreatedAt = now, UpdatedAt = now, WfInstanceId = run.WfInstanceId, WfNodeId = run.NodeId,
                }, job, TimeSpan.Zero, replyTo, null, [new StatusChange(InstanceStatus.WaitingDispatch, now,
                    $"workflow instance {run.WfInstanceId}, node {run.NodeId}")], counted: false);
                break;
        }
    }

    private InstanceRecord NewInstance(RunJobRequest run, JobRecord job)
    {
        var now = _time.GetUtcNow();
        return new InstanceRecord
        {
            JobId = job.Id, AppId = job.AppId, JobParams = job.JobParams, InstanceParams = run.InstanceParams,
            ExpectedTriggerTime = now + TimeSpan.FromMilliseconds(run.DelayMs), CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>A runJob's worker is chosen before it is stored, so its first attempt is in the insert.</summary>
    private void HandleRunWorkers(RunWorkers run, IReadOnlyList<WorkerInfo> workers)
    {
        var instance = NewInstance(run.Run, run.Job);
        var (plan, _) = WorkerSelection.Select(run.Job, _settings.AppName, workers, null, _random);
        if (plan is null)
        {
            // No worker to give it to yet: stored as waiting, the dispatch then waits for workers or says why none will do.
            Insert(instance, run.Job, TimeSpan.Zero, run.ReplyTo, null, null);
            return;
        }
        var now = instance.CreatedAt;
        var dispatched = Dispatched(instance, plan, now, now) with { Attempt = 1, RunningTimes = 1 };
        Insert(dispatched, run.Job, TimeSpan.Zero, run.ReplyTo, plan,
        [
            new StatusChange(InstanceStatus.WaitingDispatch, now, "runJob"),
            new StatusChange(InstanceStatus.WaitingWorkerReceive, now,
                DispatchNote(plan, 1)),
        ]);
    }

    /// <summary>Stores a new instance of one of this app's jobs; <see cref="Created"/> then tracks it (and sends it, when dispatched).</summary>
    private void Insert(InstanceRecord record, JobRecord job, TimeSpan delay, IActorRef replyTo, DispatchPlan? plan,
        IReadOnlyList<StatusChange>? transitions, bool counted = true)
    {
        var appName = _settings.AppName;
        _store.InsertInstanceAsync(record, transitions is null ? "runJob" : null, owner: _settings.Owner, transitions: transitions)
            .ContinueWith<object>(insert =>
            {
                if (insert.IsCompletedSuccessfully) return new Created(new TrackedInstance(insert.Result, job, appName), delay, replyTo, plan);
                var error = insert.Exception!.GetBaseException();
                // A plain exception: the reply may cross the cluster to the server that took the call.
                return error is StaleOwnerEpochException stale
                    ? new Forward(new Status.Failure(new InvalidOperationException(stale.Message)), replyTo, new EpochLost(stale.Message))
                    : new Forward(new Status.Failure(error), replyTo);
            }, TaskScheduler.Default)
            .PipeTo(Self, success: outcome => counted ? new RunJobDone(outcome) : outcome);
    }
}
