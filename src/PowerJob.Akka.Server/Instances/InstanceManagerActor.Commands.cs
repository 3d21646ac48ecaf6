using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>Stop, cancel and retry, and the loading of instances that are not in memory (after a restart or a move).</summary>
public sealed partial class InstanceManagerActor
{
    private sealed record Loaded(TrackedInstance? Instance, object Pending, IActorRef ReplyTo);
    private sealed record CommandWritten(InstanceCommand Command, TrackedInstance Instance, InstanceRecord Before, bool Stored, string? Error,
        IActorRef ReplyTo);

    private void ReceiveCommands()
    {
        Receive<CommandWritten>(HandleCommandWritten);
        Receive<InstanceCommand>(command =>
        {
            var replyTo = Sender;
            if (_active.TryGetValue(command.InstanceId, out var t) || _finished.TryGetValue(command.InstanceId, out t)) Execute(command, t, replyTo);
            else LoadAsync(command.InstanceId).PipeTo(Self, success: loaded => new Loaded(loaded, command, replyTo),
                failure: e => new Forward(new InstanceCommandResult(false, $"the store could not be read: {e.Message}"), replyTo));
        });
        Receive<Loaded>(loaded =>
        {
            switch (loaded.Pending)
            {
                case InstanceCommand command when loaded.Instance is null:
                    loaded.ReplyTo.Tell(new InstanceCommandResult(false, $"instanceId {command.InstanceId} is unknown"));
                    break;
                case InstanceCommand command:
                    Execute(command, _active.GetValueOrDefault(command.InstanceId) ?? _finished.GetValueOrDefault(command.InstanceId) ?? loaded.Instance!,
                        loaded.ReplyTo);
                    break;
                case TaskTrackerReportInstanceStatusReq report when loaded.Instance is { IsFinal: false } t && !_finished.ContainsKey(t.Id)
                                                                     && t.Current.AppId == _settings.Owner.AppId:
                    if (!_active.ContainsKey(t.Id)) Resume(t);
                    Self.Tell(report, loaded.ReplyTo);
                    break;
                case TaskTrackerReportInstanceStatusReq report:
                    _log.Warning("ignored report {0} for instance {1}: {2}", report.InstanceStatus, report.InstanceId,
                        loaded.Instance is null ? "unknown instance" : $"already {loaded.Instance.Current.Status.WireName()}");
                    Reply(loaded.ReplyTo, new AskResponse(true, null, "ignored: instance is unknown or already finished"));
                    break;
            }
        });
    }

    private void Execute(InstanceCommand command, TrackedInstance t, IActorRef replyTo)
    {
        if (t.Current.AppId != command.AppId)
        {
            replyTo.Tell(new InstanceCommandResult(false, $"instanceId {t.Id} does not belong to appId {command.AppId}"));
            return;
        }
        var status = t.Current.Status;
        switch (command.Kind)
        {
            case InstanceCommand.Stop when status.IsActive():
            case InstanceCommand.Cancel when status == InstanceStatus.WaitingDispatch:
                var before = t.Current;
                var final = command.Kind == InstanceCommand.Stop ? InstanceStatus.Stopped : InstanceStatus.Canceled;
                var write = Finish(t, final, command.Kind == InstanceCommand.Stop ? "stopped by user" : "canceled by user", retryUntilStored: false);
                AnswerWhenStored(write, command, t, before, replyTo);
                break;
            case InstanceCommand.Retry when status.IsFinal():
                var finished = t.Current;
                AnswerWhenStored(Write(t, t.Current with
                {
                    Status = InstanceStatus.WaitingDispatch, Result = null, FinishedTime = null, RunningTimes = 0, UpdatedAt = _time.GetUtcNow(),
                }, "retry requested by user"), command, t, finished, replyTo);
                break;
            default:
                var allowed = command.Kind switch
                {
                    InstanceCommand.Stop => "only an active instance can be stopped",
                    InstanceCommand.Cancel => "only an instance waiting for dispatch can be canceled",
                    _ => "only a finished instance can be retried",
                };
                replyTo.Tell(new InstanceCommandResult(false, $"{allowed}; instance {t.Id} is {status.WireName()}"));
                break;
        }
    }

    /// <summary>
    /// A command is answered once its write is stored, so an answered stop survives a server killed right after it; a
    /// failed write undoes the change in memory and is answered as a failure. The worker hears of a stop only then.
    /// </summary>
    private void AnswerWhenStored(Task<bool> write, InstanceCommand command, TrackedInstance t, InstanceRecord before, IActorRef replyTo) =>
        write.ContinueWith(w => new CommandWritten(command, t, before, w.IsCompletedSuccessfully && w.Result,
            w.IsFaulted ? w.Exception!.GetBaseException().Message : null, replyTo), TaskScheduler.Default).PipeTo(Self);

    private void HandleCommandWritten(CommandWritten written)
    {
        var (command, t) = (written.Command, written.Instance);
        var done = command.Kind switch { InstanceCommand.Stop => "stopped", InstanceCommand.Cancel => "canceled", _ => "retried" };
        if (written.Stored)
        {
            if (command.Kind == InstanceCommand.Stop) StopOnWorker(t);
            if (command.Kind == InstanceCommand.Retry)
            {
                _finished.Remove(t.Id);
                Track(t);
                Dispatch(t);
            }
            written.ReplyTo.Tell(new InstanceCommandResult(true, $"instance {t.Id} {done}"));
            return;
        }
        if (t.Current.Status != written.Before.Status) t.Restore(written.Before);
        if (command.Kind != InstanceCommand.Retry && _finished.Remove(t.Id) && written.Error is not null) Resume(t);
        var why = written.Error is null ? "the store holds a newer state of it" : $"the store failed: {written.Error}";
        _log.Warning("instance {0} was not {1}: {2}", t.Id, done, why);
        written.ReplyTo.Tell(new InstanceCommandResult(false, $"instance {t.Id} was not {done}: {why}; nothing changed, try again"));
    }

    private async Task<TrackedInstance?> LoadAsync(long instanceId)
    {
        var instance = await _store.FindInstanceAsync(instanceId);
        if (instance is null) return null;
        var job = await _store.FindJobAsync(instance.JobId) ?? new JobRecord { Id = instance.JobId, AppId = instance.AppId };
        var app = await _store.FindAppAsync(instance.AppId);
        return new TrackedInstance(instance, job, app?.AppName ?? $"#{instance.AppId}");
    }
}
