namespace PowerJob.Akka.Messages;

/// <summary>
/// <c>/worker/runJob</c>: PowerJob's <c>ServerScheduleJobReq</c> (enums by name), plus the dispatch attempt that
/// every report about this run must carry back.
/// </summary>
public sealed record ServerScheduleJobReq : IPowerJobWire
{
    public IReadOnlyList<string> AllWorkerAddress { get; init; } = [];
    public int MaxWorkerCount { get; init; }
    public long JobId { get; init; }
    public long? WfInstanceId { get; init; }
    public long InstanceId { get; init; }
    public string ExecuteType { get; init; } = "STANDALONE";
    public string ProcessorType { get; init; } = "BUILT_IN";
    public string ProcessorInfo { get; init; } = "";
    public long InstanceTimeoutMS { get; init; }
    public string? JobParams { get; init; }
    public string? InstanceParams { get; init; }
    public int ThreadConcurrency { get; init; }
    public int TaskRetryNum { get; init; }
    public string TimeExpressionType { get; init; } = "API";
    public string? TimeExpression { get; init; }
    public int MaxInstanceNum { get; init; }
    public int Attempt { get; init; }
    /// <summary>Secret of this attempt: reports about it are accepted only with it (PowerJob workers do not echo it).</summary>
    public string? DispatchToken { get; init; }
    /// <summary>Where the worker sends status reports: the server's worker-facing address for the worker's protocol.</summary>
    public string? ServerAddress { get; init; }
    /// <summary>
    /// A fire sent ahead of its due time (unix ms): the worker holds it and starts it then. Only sent to PowerJob.Akka workers
    /// of the server's minor version; others are sent the fire at its due time.
    /// </summary>
    public long? StartAt { get; init; }
}

/// <summary><c>/worker/stopInstance</c>: PowerJob's <c>ServerStopInstanceReq</c>.</summary>
public sealed record ServerStopInstanceReq(long InstanceId) : IPowerJobWire;

/// <summary><c>/worker/queryInstanceStatus</c>: PowerJob's <c>ServerQueryInstanceStatusReq</c>.</summary>
public sealed record ServerQueryInstanceStatusReq(long InstanceId) : IPowerJobWire;
