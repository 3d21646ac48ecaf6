using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// An active instance as its owner sees it. <see cref="Current"/> changes at once; writes to the store go through
/// <see cref="Persist"/> one after another, each guarded by the status and attempt the previous write left.
/// </summary>
internal sealed class TrackedInstance(InstanceRecord instance, JobRecord job, string appName)
{
    private Task _writes = Task.CompletedTask;
    private InstanceRecord _persisted = instance;

    public InstanceRecord Current { get; private set; } = instance;
    public JobRecord Job { get; } = job;
    public string AppName { get; } = appName;
    /// <summary>How to reach the worker tracking the current attempt.</summary>
    public PowerJob.Akka.Transport.RemoteTarget? Worker { get; set; }

    /// <summary>
    /// Whether the current attempt's worker cannot echo dispatch tokens (a PowerJob worker of another SDK); null when not known
    /// here (an attempt dispatched before a take-over).
    /// </summary>
    public bool? TokenlessWorker { get; set; }

    public long Id => Current.InstanceId;

    /// <summary>
    /// Applies <paramref name="updated"/> now and queues its write, which also records <paramref name="earlier"/>; the task
    /// completes once it is stored.
    /// </summary>
    public Task<bool> Persist(IPowerJobStore store, OwnerEpoch owner, InstanceRecord updated, string? note, IReadOnlyList<StatusChange>? earlier)
    {
        Current = updated;
        var write = _writes.ContinueWith(async _ =>
        {
            var ok = await store.UpdateInstanceAsync(updated, _persisted.Status, _persisted.Attempt, note, owner: owner, earlier: earlier);
            if (ok) _persisted = updated;
            return ok;
        }, TaskScheduler.Default).Unwrap();
        _writes = write;
        return write;
    }

    public bool IsFinal => Current.Status.IsFinal();

    /// <summary>
    /// The worker confirmed the attempt (RUNNING) but that is not written yet: a short run's RUNNING is stored with its final
    /// status in one write, at its own time; a longer run's is written on its own shortly after.
    /// </summary>
    public StatusChange? PendingRunning { get; private set; }

    /// <summary>Moves to RUNNING in memory only; the next write records it.</summary>
    public void MarkRunning(InstanceRecord running)
    {
        Current = running;
        PendingRunning = new StatusChange(running.Status, running.UpdatedAt);
    }

    /// <summary>The transitions a write of <paramref name="updated"/> must also record (the pending RUNNING), now handed to it.</summary>
    public IReadOnlyList<StatusChange>? TakeEarlier(InstanceRecord updated)
    {
        var pending = PendingRunning;
        PendingRunning = null;
        return pending is null || pending.Status == updated.Status ? null : [pending];
    }

    /// <summary>Gives back transitions whose write failed, so the next write records them.</summary>
    public void GiveBack(IReadOnlyList<StatusChange>? earlier)
    {
        if (earlier is [var pending, ..] && PendingRunning is null) PendingRunning = pending;
    }

    /// <summary>When the current attempt's worker must have reported by (the actor system scheduler's clock); null: not running.</summary>
    public TimeSpan? ReportDue { get; set; }

    /// <summary>The report awaited is the first one since this server took the instance over.</summary>
    public bool ReportDueAfterTakeOver { get; set; }

    /// <summary>The instance manager's deadline queue holds a report check for this instance.</summary>
    public bool ReportCheckQueued { get; set; }

    /// <summary>A fire dispatched ahead of its due time: the worker is sent the attempt at this time (null: at once).</summary>
    public DateTimeOffset? SendAt { get; set; }

    /// <summary>A failed write of the final status is retried until stored (not for a user's command, which answers the failure).</summary>
    public bool RetryFinalWrite { get; set; }

    /// <summary>What the worker added to the workflow context with its final report, handed to the workflow once stored.</summary>
    public IReadOnlyDictionary<string, string>? AppendedWfContext { get; set; }
    public int FinalWriteFailures { get; set; }

    /// <summary>Undoes a change whose write failed (the store still has the state before it).</summary>
    public void Restore(InstanceRecord before) => Current = before;

    /// <summary>Changes the in-memory view only (e.g. the last report time); the next write carries it.</summary>
    public void Touch(InstanceRecord updated) => Current = updated;
}
