using PowerJob.Akka.Messages;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// Local only: the task tracker runs post-process or reduce on its own worker's processor tracker, handing it the
/// results it holds rather than sending them over the wire.
/// </summary>
public sealed record StartLastTask(TaskTrackerStartTaskReq Request, IReadOnlyList<TaskResult> Results);
