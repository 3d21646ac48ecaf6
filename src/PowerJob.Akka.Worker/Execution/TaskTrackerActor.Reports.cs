using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>The task tracker's reports to the server: RUNNING by tell, the final status by ask with retries, and query answers.</summary>
public sealed partial class TaskTrackerActor
{
    // Kept until a server acknowledges it (stored, or ignored as stale or already final): a server restarting, or one
    // whose store write failed, answers later or "not stored"; either way the report goes again, for the retention time.
    private void HandleFinalReportOutcome(FinalReportOutcome outcome)
    {
        if (outcome.Reply is { Delivered: true, Response.Success: true })
        {
            if (_finalTries > 0) _log.Info("final report of instance {0} acknowledged after {1} failed tries", _req.InstanceId, _finalTries);
            Done();
            return;
        }
        var error = outcome.Reply.Error ?? outcome.Reply.Response?.Message ?? "refused";
        _finalTries++;
        var kept = _time.GetUtcNow() - _finishedAt;
        if (kept >= _options.ReportRetention)
        {
            _log.Error("gave up reporting instance {0} as {1} after {2} tries over {3:0} s (powerjob.worker.report-retention): {4}",
                _req.InstanceId, _status.WireName(), _finalTries, kept.TotalSeconds, error);
            Done();
            return;
        }
        var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxFinalReportBackoff.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(_finalTries - 1, 10))));
        if (_finalTries <= 5 || _finalTries % 20 == 0)
            _log.Warning("final report of instance {0} not acknowledged ({1}), try {2}; retrying in {3} ms", _req.InstanceId, error, _finalTries,
                backoff.TotalMilliseconds);
        Timers.StartSingleTimer(FinalRetryTimer, FinalRetryTick.Instance, backoff);
    }

    private void RequestServer(bool forFinal)
    {
        _serverRequestsForFinal.Enqueue(forFinal);
        _connection.Tell(GetCurrentServer.Instance);
    }

    private RemoteTarget? ServerOf(CurrentServer server) => server.Target
        ?? (string.IsNullOrWhiteSpace(_req.ServerAddress) ? null : new RemoteTarget(_options.Protocol, _req.ServerAddress, NodeRole.Server));

    private void SendRunning(CurrentServer server)
    {
        if (ServerOf(server) is not { } target) return;
        _peers.Send(target, BuildReport(InstanceStatus.Running));
    }

    private TaskTrackerReportInstanceStatusReq BuildReport(InstanceStatus status)
    {
        _lastReportTime = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _lastReportTime + 1);
        return new TaskTrackerReportInstanceStatusReq
        {
            JobId = _req.JobId, InstanceId = _req.InstanceId, WfInstanceId = _req.WfInstanceId, InstanceStatus = (int)status,
            Result = status.IsFinal() ? _result : null, TotalTaskNum = _tasks.Total, SucceedTaskNum = _tasks.Succeeded,
            FailedTaskNum = _tasks.Failed, StartTime = _startTime, ReportTime = _lastReportTime, SourceAddress = _self, Attempt = _req.Attempt,
            DispatchToken = _req.DispatchToken,
            AppendedWfContext = status.IsFinal() && _appendedWfContext.Count > 0 ? new Dictionary<string, string>(_appendedWfContext) : null,
        };
    }

    private void ReplyDetail() => Sender.Tell(AskResponse.Ok(JsonSerializer.Serialize(new InstanceDetail
    {
        InstanceId = _req.InstanceId, Attempt = _req.Attempt, Status = (int)_status, Result = _result, TotalTaskNum = _tasks.Total,
        SucceedTaskNum = _tasks.Succeeded, FailedTaskNum = _tasks.Failed, StartTime = _startTime,
    }, WireJson.Options)));
}
