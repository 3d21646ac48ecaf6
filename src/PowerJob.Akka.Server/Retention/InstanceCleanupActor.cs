using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Retention;

/// <summary>
/// Deletes one app's old history: finished instances with their transitions and log lines after the retention, and
/// log lines alone after the (usually shorter) log retention. A child of the app's entity, so it runs once per app,
/// on the server that owns it. A pass is a series of small batches awaited off the actor (PipeTo); each batch is a
/// write of its own, so fires and reports queued meanwhile are never held behind a long delete. Active instances are
/// never picked by the store.
/// </summary>
public sealed class InstanceCleanupActor : ReceiveActor, IWithTimers
{
    private sealed class Tick { public static readonly Tick Instance = new(); }
    private sealed record PassDone(CleanupCount Deleted, int LogLines);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _appId;
    private readonly RetentionSettings _settings;
    private readonly CancellationTokenSource _stopping = new();
    private bool _running;

    public InstanceCleanupActor(long appId, RetentionSettings settings)
    {
        _appId = appId;
        _settings = settings;
        Receive<Tick>(_ => StartPass());
        Receive<PassDone>(done =>
        {
            _running = false;
            if (done.Deleted.Instances > 0 || done.LogLines > 0)
                _log.Info("app {0}: retention deleted {1} finished instances with {2} transitions and {3} log lines, and {4} more log lines",
                    _appId, done.Deleted.Instances, done.Deleted.Transitions, done.Deleted.LogLines, done.LogLines);
            Context.System.EventStream.Publish(new RetentionPassFinished(_appId, done.Deleted, done.LogLines));
        });
        Receive<Status.Failure>(failure =>
        {
            _running = false;
            _log.Warning("app {0}: retention cleanup failed ({1}); the next pass tries again", _appId, failure.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(long appId, RetentionSettings settings) =>
        global::Akka.Actor.Props.Create(() => new InstanceCleanupActor(appId, settings));

    protected override void PreStart()
    {
        // The first pass soon after the app starts here, so a restarted server does not wait a whole interval.
        Timers.StartSingleTimer("first", Tick.Instance, _settings.FirstDelay);
        Timers.StartPeriodicTimer("pass", Tick.Instance, _settings.Interval);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void StartPass()
    {
        if (_running) return;
        _running = true;
        PassAsync(_stopping.Token).PipeTo(Self);
    }

    private async Task<PassDone> PassAsync(CancellationToken ct)
    {
        var store = _settings.Store;
        var now = _settings.Time.GetUtcNow();
        var deleted = CleanupCount.None;
        var logLines = 0;
        var jobs = await store.ListJobsAsync(_appId, ct).ConfigureAwait(false);
        // One scope per job (its own retention may differ), then the instances of deleted jobs under the defaults.
        var scopes = jobs.Select(job => (JobId: (long?)job.Id, Policy: _settings.Policy(job)))
            .Append((JobId: null, Policy: _settings.Defaults));
        foreach (var (jobId, policy) in scopes)
        {
            var instances = new InstanceCleanup(_appId, jobId, now - policy.Instances, _settings.BatchSize);
            CleanupCount batch;
            do
            {
                batch = await store.DeleteFinishedInstancesAsync(instances, ct).ConfigureAwait(false);
                deleted = deleted.Plus(batch);
            } while (batch.Instances == _settings.BatchSize);

            if (policy.Logs >= policy.Instances) continue;
            var logs = instances with { FinishedBefore = now - policy.Logs };
            int lines;
            do
            {
                lines = await store.DeleteFinishedInstanceLogsAsync(logs, ct).ConfigureAwait(false);
                logLines += lines;
            } while (lines == _settings.BatchSize);
        }
        return new PassDone(deleted, logLines);
    }
}

/// <summary>Published on the event stream after each cleanup pass (for monitoring and tests).</summary>
public sealed record RetentionPassFinished(long AppId, CleanupCount Deleted, int LogLines);
