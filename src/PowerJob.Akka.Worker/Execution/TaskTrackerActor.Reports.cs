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
    private void HandleFinalReportOutcome(FinalReportOutcome outcome)
    {
        if (outcome.Reply.Delivered)
        {
            if (!outcome.Reply.Response!.Success)
                _log.Warning("server refused the final report of instance {0}: {1}", _req.InstanceId, outcome.Reply.Response.Message);
            Done();
            return;
        }
        if (++_finalTries >= MaxFinalReportTries)
        {
            _log.Error("gave up reporting instance {0} as {1} after {2} tries: {3}", _req.InstanceId, _status.WireName(), _finalTries, outcome.Reply.Error);
            Done();
            return;
        }
        var backoff = TimeSpan.FromMilliseconds(200 * Math.Pow(2, _finalTries - 1));
        _log.Warning("final report of instance {0} failed ({1}); retrying in {2} ms", _req.InstanceId, outcome.Reply.Error, backoff.TotalMilliseconds);
        Timers.StartSingleTimer(FinalRetryTimer, FinalRetryTick.Instance, backoff);
    }

    private void RequestServer(bool forFinal)
    {
        _serverRequestsForFinal.Enqueue(forFinal);
        _connection.Tell(GetCurrentServer.Instance);
    }

    private RemoteTarget? ServerOf(CurrentServer server) => server.Target
        ?? (string.IsNullOrWhiteSpace(_req.ServerAddress) ? null : new RemoteTarget(_options.Protocol, _req.ServerAddress, NodeRole.Server));

    // The RUNNING report at start goes out even when the instance finished before the server's address came back.
    private void SendRunning(CurrentServer server)
    {
        if (ServerOf(server) is not { } target) return;
        _peers.Send(target, BuildReport(InstanceStatus.Running));
        _reportedRunning = true;
    }

    private TaskTrackerReportInstanceStatusReq BuildReport(InstanceStatus status)
    {
        _lastReportTime = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _lastReportTime + 1);
        return new TaskTrackerReportInstanceStatusReq
        {
            JobId = _req.JobId, InstanceId = _req.InstanceId, WfInstanceId = _req.WfInstanceId, InstanceStatus = (int)status,
            Result = status.IsFinal() ? _result : null, TotalTaskNum = _tasks.Total, SucceedTaskNum = _tasks.Succeeded,
            FailedTaskNum = _tasks.Failed, StartTime = _startTime, ReportTime = _lastReportTime, SourceAddress = _self, Attempt = _req.Attempt,
        };
    }

    private void ReplyDetail() => Sender.Tell(AskResponse.Ok(JsonSerializer.Serialize(new InstanceDetail
    {
        InstanceId = _req.InstanceId, Attempt = _req.Attempt, Status = (int)_status, Result = _result, TotalTaskNum = _tasks.Total,
        SucceedTaskNum = _tasks.Succeeded, FailedTaskNum = _tasks.Failed, StartTime = _startTime,
    }, WireJson.Options)));
}
