using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// Local only: a task tracker hands a task to its own worker's processor tracker by tell, naming itself as the one to
/// report to; no ask, no acknowledgement, no routing through the endpoint (a local tell is not lost). Post-process and
/// reduce also get the results the tracker holds rather than having them sent over the wire.
/// A task with <paramref name="StartAt"/> (Unix ms) in the future is held until then, ready to start; its tracker learns
/// of the start by <see cref="LocalTaskStarted"/>.
/// </summary>
public sealed record StartLocalTask(TaskTrackerStartTaskReq Request, IReadOnlyList<TaskResult>? Results, IActorRef Tracker, long? StartAt = null);

/// <summary>Local only: a task that was held until its due time has started (it had a slot).</summary>
public sealed record LocalTaskStarted(long InstanceId, int Attempt) : IDeadLetterSuppression;

/// <summary>
/// Local only: a task's outcome told straight to the task tracker on this worker that started it. A tracker that has
/// stopped meanwhile (a newer attempt replaced it) no longer wants it, so it is no dead letter worth logging.
/// </summary>
public sealed record LocalTaskReport(ProcessorReportTaskStatusReq Report) : IDeadLetterSuppression;
