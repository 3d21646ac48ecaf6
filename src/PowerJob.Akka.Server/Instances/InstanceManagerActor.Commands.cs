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

    private void ReceiveCommands()
    {
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
                StopOnWorker(t);
                Finish(t, InstanceStatus.Stopped, "stopped by user");
                replyTo.Tell(new InstanceCommandResult(true, $"instance {t.Id} stopped"));
                break;
            case InstanceCommand.Cancel when status == InstanceStatus.WaitingDispatch:
                Finish(t, InstanceStatus.Canceled, "canceled by user");
                replyTo.Tell(new InstanceCommandResult(true, $"instance {t.Id} canceled"));
                break;
            case InstanceCommand.Retry when status.IsFinal():
                _finished.Remove(t.Id);
                Track(t);
                Write(t, t.Current with
                {
                    Status = InstanceStatus.WaitingDispatch, Result = null, FinishedTime = null, RunningTimes = 0, UpdatedAt = _time.GetUtcNow(),
                }, "retry requested by user");
                Dispatch(t);
                replyTo.Tell(new InstanceCommandResult(true, $"instance {t.Id} retried"));
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

    private async Task<TrackedInstance?> LoadAsync(long instanceId)
    {
        var instance = await _store.FindInstanceAsync(instanceId);
        if (instance is null) return null;
        var job = await _store.FindJobAsync(instance.JobId) ?? new JobRecord { Id = instance.JobId, AppId = instance.AppId };
        var app = await _store.FindAppAsync(instance.AppId);
        return new TrackedInstance(instance, job, app?.AppName ?? $"#{instance.AppId}");
    }
}
