namespace PowerJob.Akka.Messages;

/// <summary>What a processor tracker needs to know about the instance a task belongs to; PowerJob's <c>InstanceInfo</c>.</summary>
public sealed record TaskInstanceInfo
{
    public long JobId { get; init; }
    public long InstanceId { get; init; }
    /// <summary>The dispatch attempt of the instance; a stop names the attempt it ends.</summary>
    public int Attempt { get; init; }
    /// <summary>The attempt's <see cref="ServerScheduleJobReq.DispatchToken"/>: every worker running its tasks sends it with their log lines.</summary>
    public string? DispatchToken { get; init; }
    public string ExecuteType { get; init; } = "STANDALONE";
    public string ProcessorInfo { get; init; } = "";
    public string? JobParams { get; init; }
    public string? InstanceParams { get; init; }
    public long InstanceTimeoutMS { get; init; }
    public int TaskRetryNum { get; init; }
    /// <summary>The workflow instance this instance runs a node of; its <see cref="InstanceParams"/> are then the workflow context.</summary>
    public long? WfInstanceId { get; init; }
}

/// <summary>
/// <c>/processorTracker/startTask</c>: the task tracker hands one task to a worker's processor tracker, which
/// acknowledges with an <see cref="AskResponse"/> once queued and reports the outcome to <see cref="TaskTrackerAddress"/>.
/// </summary>
public sealed record TaskTrackerStartTaskReq : IPowerJobWire
{
    public string TaskTrackerAddress { get; init; } = "";
    public TaskInstanceInfo InstanceInfo { get; init; } = new();
    public string TaskId { get; init; } = "";
    public string TaskName { get; init; } = "";
    /// <summary>The sub-task's payload as JSON; null for the root task.</summary>
    public string? TaskContent { get; init; }
    public int TaskCurrentRetryNums { get; init; }
}

/// <summary>
/// <c>/taskTracker/reportTaskStatus</c>: a processor tracker reports a finished task (PowerJob task status
/// 5 = failed, 6 = succeeded); answered with an <see cref="AskResponse"/>.
/// </summary>
public sealed record ProcessorReportTaskStatusReq : IPowerJobWire
{
    public const int Failed = 5;
    public const int Succeeded = 6;

    public long InstanceId { get; init; }
    public int Attempt { get; init; }
    public string TaskId { get; init; } = "";
    public int Status { get; init; }
    public string? Result { get; init; }
    public long ReportTime { get; init; }
    public string? SourceAddress { get; init; }
    /// <summary>What the task added to the workflow context (PowerJob's <c>appendedWfContext</c>).</summary>
    public IReadOnlyDictionary<string, string>? AppendedWfContext { get; init; }
}

/// <summary>One sub-task created by <c>MapAsync</c>: its id (<c>parent.n</c>) and JSON payload.</summary>
public sealed record SubTask(string TaskId, string? TaskContent);

/// <summary>
/// <c>/taskTracker/mapTask</c>: a processor running a task of a MAP or MAP_REDUCE instance creates sub-tasks;
/// answered with an <see cref="AskResponse"/> once the task tracker has them.
/// </summary>
public sealed record ProcessorMapTaskRequest : IPowerJobWire
{
    public long InstanceId { get; init; }
    public int Attempt { get; init; }
    public string TaskName { get; init; } = "";
    public IReadOnlyList<SubTask> SubTasks { get; init; } = [];
}

/// <summary><c>/processorTracker/stopInstance</c>: cancel every queued and running task of the instance's attempt.</summary>
public sealed record TaskTrackerStopInstanceReq(long InstanceId, int Attempt) : IPowerJobWire;

/// <summary>
/// <c>/taskTracker/reportProcessorTrackerStatus</c>: a processor tracker holding tasks of an instance tells its task
/// tracker, periodically, that it is alive and how many of them it still holds (LOAD), and once it holds none (IDLE).
/// A task tracker takes a worker that stays silent for its processor tracker timeout as lost.
/// </summary>
public sealed record ProcessorTrackerStatusReportReq : IPowerJobWire
{
    public const int Idle = 1;
    public const int Load = 2;

    public long InstanceId { get; init; }
    public int Attempt { get; init; }
    public int Type { get; init; }
    public long RemainTaskNum { get; init; }
    public string Address { get; init; } = "";
    public long ReportTime { get; init; }
}

/// <summary>
/// The JSON inside the <see cref="AskResponse"/> a worker gives to <c>/worker/queryInstanceStatus</c>
/// (PowerJob's <c>InstanceDetail</c>, flattened).
/// </summary>
public sealed record InstanceDetail
{
    public long InstanceId { get; init; }
    public int Attempt { get; init; }
    public int Status { get; init; }
    public string? Result { get; init; }
    public long TotalTaskNum { get; init; }
    public long SucceedTaskNum { get; init; }
    public long FailedTaskNum { get; init; }
    public long StartTime { get; init; }
}
