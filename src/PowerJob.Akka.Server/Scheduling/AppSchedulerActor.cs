using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Scheduling;

/// <summary>
/// Fires the timed jobs of one app (a child of the app's entity). Each fire is claimed in the store with a
/// compare-and-set on the job's next trigger time, fenced by the entity's owner epoch, so a fire is never doubled, and
/// the next time is computed from the due time, so there is no drift. A job fires only inside its life cycle, and a fire
/// missed while no server ran the app (downtime, failover) follows the job's misfire policy (see <see cref="FirePlanner"/>).
/// FIXED_DELAY fires again its delay after the previous instance finished. A fire is claimed <see cref="Lead"/>
/// ahead of its due time by the instance manager, which chooses its worker first, so the claim also stores its first attempt
/// and at the due time the attempt is only sent.
/// </summary>
public sealed class AppSchedulerActor : ReceiveActor, IWithTimers
{
    private sealed record JobsLoaded(IReadOnlyList<JobRecord> Jobs);
    private sealed record JobReloaded(long JobId, JobRecord? Job);
    private sealed record Fire(long JobId, DateTimeOffset Due);
    private sealed record DelayRestarted(JobRecord Job, DateTimeOffset Next);
    private sealed record DelayWaiting(long JobId);
    private sealed class LoadJobs { public static readonly LoadJobs Instance = new(); }
    /// <summary>A store read failed; <paramref name="Again"/> is told to this actor after a pause, so no job is left unscheduled.</summary>
    private sealed record ReadFailed(string What, object Again, Exception Error);

    private static readonly TimeSpan ReadRetryDelay = TimeSpan.FromSeconds(2);
    private sealed record Skipped(JobRecord Job, DateTimeOffset Due, DateTimeOffset? Next);

    // Half a second off the whole second: CRON fires cluster on whole seconds, and their claims (a second's worth of store
    // writes and dispatches) then run between them instead of beside them; at 1,000 fires a second a claim batch takes
    // a few milliseconds. A longer lead only keeps more claimed fires (and their held runs on the workers) in memory at
    // once, which showed as longer GC pauses and a longer worst lag (benchmark part 2: max 41-110 ms with 1.5 s; with
    // 1 s the claims fall on the fires' whole seconds, p99 60-65 ms; with 0.5 s p99 46 ms, max 78 ms).
    public static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(500);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    // A job's next due time is kept beside it rather than in a copy of its record per fire: the record is shared by every
    // instance it fires, and at a high fire rate the copies were a large part of what the GC had to keep and copy.
    private readonly Dictionary<long, (JobRecord Job, TimeExpression Trigger, DateTimeOffset? Next)> _jobs = new();
    private readonly long _appId;
    private readonly OwnerEpoch _owner;
    private readonly string _appName;
    private readonly IPowerJobStore _store;
    private readonly TimeProvider _time;
    private readonly IActorRef _instances;

    public AppSchedulerActor(OwnerEpoch owner, string appName, IPowerJobStore store, TimeProvider time, IActorRef instances)
    {
        _owner = owner;
        _appId = owner.AppId;
        _appName = appName;
        _store = store;
        _time = time;
        _instances = instances;
        Receive<LoadJobs>(_ => _store.ListSchedulableJobsAsync(_appId).PipeTo(Self, success: jobs => new JobsLoaded(jobs),
            failure: e => new ReadFailed("loading the app's jobs", LoadJobs.Instance, e)));
        Receive<JobsLoaded>(loaded => { foreach (var job in loaded.Jobs) Plan(job); });
        Receive<JobChanged>(changed => _store.FindJobAsync(changed.JobId).PipeTo(Self, success: job => new JobReloaded(changed.JobId, job),
            failure: e => new ReadFailed($"reloading job {changed.JobId}", changed, e)));
        Receive<ReadFailed>(failed =>
        {
            _log.Error("scheduler of app {0}: {1} failed ({2}); trying again in {3} s", _appName, failed.What, failed.Error.GetBaseException().Message,
                ReadRetryDelay.TotalSeconds);
            Timers.StartSingleTimer($"again-{failed.What}", failed.Again, ReadRetryDelay);
        });
        Receive<JobReloaded>(reloaded =>
        {
            Timers.Cancel(Key(reloaded.JobId));
            _jobs.Remove(reloaded.JobId);
            if (reloaded.Job is { } job) Plan(job);
        });
        Receive<Fire>(HandleFire);
        Receive<FireClaimed>(HandleFired);
        Receive<Skipped>(skipped =>
        {
            if (_jobs.TryGetValue(skipped.Job.Id, out var entry) && entry.Next == skipped.Due) Plan(skipped.Job, skipped.Next);
            else Self.Tell(new JobChanged(_appId, skipped.Job.Id));
        });
        Receive<FireClaimFailed>(failed =>
        {
            if (failed.Error.GetBaseException() is StaleOwnerEpochException stale)
            {
                Context.Parent.Tell(new Apps.EpochLost($"claiming the fire of job {failed.JobId} due {failed.Due:O} was refused: {stale.Message}"));
                return;
            }
            _log.Error(failed.Error, "job {0}: claiming the fire due {1:O} failed ({2}); trying again in 1 s", failed.JobId, failed.Due, failed.Error.Message);
            Timers.StartSingleTimer(Key(failed.JobId), new Fire(failed.JobId, failed.Due), TimeSpan.FromSeconds(1));
        });
        Receive<InstanceFinished>(HandleFinished);
        Receive<DelayRestarted>(restarted => Plan(restarted.Job, restarted.Next));
        Receive<DelayWaiting>(_ => { });
        Receive<Status.Failure>(f => _log.Error(f.Cause, "scheduler of app {0}: {1}", _appName, f.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OwnerEpoch owner, string appName, IPowerJobStore store, TimeProvider time, IActorRef instances) =>
        global::Akka.Actor.Props.Create(() => new AppSchedulerActor(owner, appName, store, time, instances));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(InstanceFinished));
        Self.Tell(LoadJobs.Instance);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Plan(JobRecord job) => Plan(job, job.NextTriggerTime);

    private void Plan(JobRecord job, DateTimeOffset? next)
    {
        if (!job.Enabled || job.TimeExpressionType is TimeExpressionType.Api or TimeExpressionType.Workflow || job.AppId != _appId) return;
        TimeExpression trigger;
        try
        {
            trigger = TimeExpression.Parse(job.TimeExpressionType, job.TimeExpression, job.TimeZone);
        }
        catch (InvalidTimeExpressionException e)
        {
            _log.Error("job {0} of app {1} is not scheduled: {2}", job.Id, _appName, e.Message);
            return;
        }
        _jobs[job.Id] = (job, trigger, next);
        if (next is not { } due)
        {
            if (trigger.WaitsForCompletion) RestartDelayIfIdle(job, trigger);
            return;
        }
        var wait = due - Lead - _time.GetUtcNow();
        Timers.StartSingleTimer(Key(job.Id), new Fire(job.Id, due), wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    private void HandleFire(Fire fire)
    {
        if (!_jobs.TryGetValue(fire.JobId, out var entry) || entry.Next != fire.Due) return;
        var (job, trigger, _) = entry;
        var now = _time.GetUtcNow();
        var decision = FirePlanner.Decide(FirePolicy.Read(job), trigger, fire.Due, now);
        if (decision is SkipIt skip)
        {
            _log.Info("job {0} of app {1}: {2}; next fire {3:O}", job.Id, _appName, skip.Reason, skip.Next);
            _store.RescheduleJobAsync(job.Id, fire.Due, skip.Next).PipeTo(Self,
                success: moved => moved ? new Skipped(job, fire.Due, skip.Next) : new JobChanged(_appId, job.Id),
                failure: e => new FireClaimFailed(job.Id, fire.Due, e));
            return;
        }
        var (next, note) = ((FireIt)decision);
        if (note is not null) _log.Warning("job {0} of app {1}: {2}", job.Id, _appName, note);
        var instance = new InstanceRecord
        {
            JobId = job.Id, AppId = _appId, JobParams = job.JobParams, ExpectedTriggerTime = fire.Due, CreatedAt = now, UpdatedAt = now,
        };
        _instances.Tell(new ClaimFire(job, fire.Due, next, instance));
    }

    private void HandleFired(FireClaimed fired)
    {
        if (fired.Instance is null)
        {
            _log.Info("job {0}: fire already claimed or job changed; reloading", fired.Job.Id);
            Self.Tell(new JobChanged(_appId, fired.Job.Id));
            return;
        }
        if (_jobs.TryGetValue(fired.Job.Id, out var entry) && entry.Next == fired.Due) Plan(fired.Job, fired.Next);
        else
            Self.Tell(new JobChanged(_appId, fired.Job.Id));
    }

    private void HandleFinished(InstanceFinished finished)
    {
        if (finished.AppId != _appId || !_jobs.TryGetValue(finished.JobId, out var entry)) return;
        if (entry.Trigger is FixedDelayTrigger && entry.Next is null) RestartDelayIfIdle(entry.Job, entry.Trigger);
    }

    private void RestartDelayIfIdle(JobRecord job, TimeExpression trigger)
    {
        RestartAsync().PipeTo(Self, failure: e => new ReadFailed($"restarting FIXED_DELAY job {job.Id}", new JobChanged(_appId, job.Id), e));

        async Task<object> RestartAsync()
        {
            if (await _store.CountActiveInstancesAsync(job.Id) > 0) return new DelayWaiting(job.Id);
            var next = FirePolicy.Read(job).Next(trigger, _time.GetUtcNow());
            return next is { } due && await _store.ScheduleNextDelayAsync(job.Id, due)
                ? new DelayRestarted(job, due)
                : new JobReloaded(job.Id, await _store.FindJobAsync(job.Id));
        }
    }

    private static string Key(long jobId) => $"job-{jobId}";
}
