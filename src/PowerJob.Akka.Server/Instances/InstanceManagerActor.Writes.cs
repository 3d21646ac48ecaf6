using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// Writes to the store, and the final ones retried until stored: a final status whose write failed (the store down, a
/// failed batch) is kept here and written again with backoff; until it is stored, the worker's report of it is
/// answered "not stored, report again", so the worker keeps its result and nothing is lost or answered too early.
/// </summary>
public sealed partial class InstanceManagerActor
{
    private static readonly TimeSpan MaxFinalWriteBackoff = TimeSpan.FromSeconds(10);

    private sealed record Persisted(long InstanceId, bool Stored, InstanceRecord Updated);
    private sealed record WriteFailed(long InstanceId, InstanceRecord Updated, string? Note, IReadOnlyList<StatusChange>? Earlier, Exception Error);
    private sealed record RetryFinalWrite(long InstanceId, InstanceRecord Updated, string? Note);

    private void ReceiveWrites()
    {
        Receive<Persisted>(HandlePersisted);
        Receive<WriteFailed>(HandleWriteFailed);
        Receive<RetryFinalWrite>(retry =>
        {
            if (_finished.TryGetValue(retry.InstanceId, out var t) && t.Current == retry.Updated)
                Write(t, retry.Updated, retry.Note);
        });
    }

    /// <summary>
    /// Moves the instance to its final status at once (it leaves the active set) and writes it; unless
    /// <paramref name="retryUntilStored"/> is false (a user's command, which answers the failure instead), a failed
    /// write is retried until stored. <paramref name="replyTo"/> (the reporting worker) is answered by the first write.
    /// </summary>
    private Task<bool> Finish(TrackedInstance t, InstanceStatus status, string? result, IActorRef? replyTo = null,
        IReadOnlyDictionary<string, string>? appendedWfContext = null, bool retryUntilStored = true)
    {
        CancelTimers(t.Id);
        Drop(t.Id);
        RememberFinished(t);
        t.RetryFinalWrite = retryUntilStored;
        t.AppendedWfContext = appendedWfContext;
        var now = _time.GetUtcNow();
        var write = Write(t, t.Current with { Status = status, Result = result, FinishedTime = now, UpdatedAt = now }, null);
        if (replyTo is not null) write.ContinueWith(StoredReply, TaskScheduler.Default).PipeTo(replyTo);
        _log.Info("instance {0} of job {1}: {2} {3}", t.Id, t.Job.Id, status.WireName(), result);
        return write;
    }

    private Task<bool> Write(TrackedInstance t, InstanceRecord updated, string? note)
    {
        var earlier = t.TakeEarlier(updated);
        var write = t.Persist(_store, _settings.Owner, updated, note, earlier);
        write.PipeTo(Self, success: ok => new Persisted(t.Id, ok, updated),
            failure: e => e.GetBaseException() is StaleOwnerEpochException stale
                ? new EpochLost(stale.Message)
                : new WriteFailed(t.Id, updated, note, earlier, e.GetBaseException()));
        return write;
    }

    /// <summary>A write the store refused means another server changed the instance: it is no longer ours to track.</summary>
    private void HandlePersisted(Persisted persisted)
    {
        var status = persisted.Updated.Status;
        if (persisted.Stored)
        {
            if (!status.IsFinal() || !_finished.TryGetValue(persisted.InstanceId, out var t) || t.Current != persisted.Updated) return;
            if (t.FinalWriteFailures > 0)
                _log.Info("instance {0}: {1} stored after {2} failed write(s)", t.Id, status.WireName(), t.FinalWriteFailures);
            _finished.Remove(t.Id);
            Context.System.EventStream.Publish(new InstanceFinished(t.Current.AppId, t.Job.Id, t.Id, status, persisted.Updated.UpdatedAt, persisted.Updated.Result));
            // The workflow moves on only once the node's result is stored, so a restart finds the same outcome in the store.
            if (persisted.Updated is { WfInstanceId: { } wfInstanceId, WfNodeId: { } nodeId })
                Context.Parent.Tell(new NodeInstanceFinished(wfInstanceId, nodeId, t.Id, status, persisted.Updated.Result, t.AppendedWfContext));
            return;
        }
        _log.Warning("instance {0}: the store holds a newer state, {1} was not written; no longer tracking it here", persisted.InstanceId, status.WireName());
        Drop(persisted.InstanceId);
    }

    private void HandleWriteFailed(WriteFailed failed)
    {
        var status = failed.Updated.Status;
        if (_active.TryGetValue(failed.InstanceId, out var active) || _finished.TryGetValue(failed.InstanceId, out active)) active.GiveBack(failed.Earlier);
        if (!status.IsFinal() || !_finished.TryGetValue(failed.InstanceId, out var t) || !t.RetryFinalWrite || t.Current != failed.Updated)
        {
            _log.Error(failed.Error, "instance {0}: {1} was not stored: {2}", failed.InstanceId, status.WireName(), failed.Error.Message);
            return;
        }
        var failures = ++t.FinalWriteFailures;
        var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxFinalWriteBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures - 1, 10))));
        if (failures <= 3 || failures % 20 == 0)
            _log.Warning("instance {0}: {1} was not stored ({2}), failure {3}; writing it again in {4} ms (its worker is answered once it is)",
                t.Id, status.WireName(), failed.Error.Message, failures, backoff.TotalMilliseconds);
        Timers.StartSingleTimer(Key("final", t.Id), new RetryFinalWrite(t.Id, failed.Updated, failed.Note), backoff);
    }
}
