using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Worker.Connection;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>The task tracker's states: running its tasks, reporting its end (retrying until acknowledged), and retired.</summary>
public sealed partial class TaskTrackerActor
{
    protected override void OnReceive(object message) => Running(message);

    private void Held(object message)
    {
        switch (message)
        {
            // The actor timer counts on a monotonic clock, the due time is on the wall clock: never start before it by
            // the latter (the processor tracker checks the same for the tasks it holds).
            case StartTick when !_sentAhead && UntilDue() is var early && early > TimeSpan.Zero:
                Timers.StartSingleTimer(StartTimer, StartTick.Instance, early);
                break;
            case StartTick or LocalTaskStarted:
                Become(Running);
                Begin();
                break;
            case LocalTaskReport local:
                Become(Running);
                Begin();
                ApplyTaskReport(local.Report);
                break;
            case ServerStopInstanceReq:
                _log.Info("instance {0} (attempt {1}) stopped before its due time; it does not start", _req.InstanceId, _req.Attempt);
                if (_sentAhead) _localProcessorTracker.Tell(new TaskTrackerStopInstanceReq(_req.InstanceId, _req.Attempt));
                Done();
                break;
            case SupersedeRun:
                Context.Stop(Self);
                break;
            case ServerQueryInstanceStatusReq:
                ReplyDetail();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Running(object message)
    {
        switch (message)
        {
            case ReportTick:
                CheckLiveness();
                if (_status.IsFinal()) return;
                RequestServer(forFinal: false);
                Dispatch();
                break;
            case CurrentServer server:
                _serverRequestsForFinal.TryDequeue(out _);
                SendRunning(server);
                break;
            case DispatchOutcome outcome:
                HandleDispatchOutcome(outcome);
                break;
            case ProcessorReportTaskStatusReq report:
                HandleTaskReport(report);
                break;
            case LocalTaskReport local:
                ApplyTaskReport(local.Report);
                break;
            case ProcessorMapTaskRequest map:
                HandleMap(map);
                break;
            case ProcessorTrackerStatusReportReq status:
                HandleProcessorTrackerStatus(status);
                break;
            case ServerQueryInstanceStatusReq:
                ReplyDetail();
                break;
            case StartTick or LocalTaskStarted:
                break;
            case TimeoutTick:
                Finish(InstanceStatus.Failed, $"instance timed out after {_req.InstanceTimeoutMS} ms", stopTasks: true);
                break;
            case ServerStopInstanceReq:
                Finish(InstanceStatus.Failed, "stopped by server", stopTasks: true);
                break;
            case SupersedeRun:
                _log.Info("instance {0}: attempt {1} is superseded by a newer attempt; stopping without a report", _req.InstanceId, _req.Attempt);
                StopTasksEverywhere();
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Finishing(object message)
    {
        switch (message)
        {
            case CurrentServer server:
                // A RUNNING report asked for before the end is not sent: the final report carries the start time.
                if (_serverRequestsForFinal.TryDequeue(out var forFinal) && !forFinal) return;
                if (ServerOf(server) is { } target)
                    _peers.AskAsync(target, BuildReport(_status)).ContinueWith(t => new FinalReportOutcome(t.Result)).PipeTo(Self);
                else Self.Tell(new FinalReportOutcome(new PeerReply(null, "no server known and the request named none")));
                break;
            case FinalReportOutcome outcome:
                HandleFinalReportOutcome(outcome);
                break;
            case FinalRetryTick:
                RequestServer(forFinal: true);
                break;
            default:
                AnswerAsFinished(message);
                break;
        }
    }

    /// <summary>
    /// Reported (or given up on) and waiting for the endpoint's <see cref="PoisonPill"/>: it still answers what the
    /// endpoint forwarded before it learnt of the end, as those messages sit ahead of the pill in the mailbox.
    /// Anything else is dropped.
    /// </summary>
    private void AnswerAsFinished(object message)
    {
        switch (message)
        {
            case ProcessorReportTaskStatusReq:
                Sender.Tell(AskResponse.Fail($"instance {_req.InstanceId} has finished"));
                break;
            case ProcessorMapTaskRequest:
                Sender.Tell(AskResponse.Fail($"instance {_req.InstanceId} has finished; no more sub-tasks"));
                break;
            case ServerQueryInstanceStatusReq:
                ReplyDetail();
                break;
            case SupersedeRun:
                Context.Stop(Self);
                break;
        }
    }
}
