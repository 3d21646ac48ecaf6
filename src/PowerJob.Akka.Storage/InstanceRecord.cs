using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>One run of a job. <see cref="Attempt"/> numbers the dispatches so stale reports can be rejected.</summary>
public sealed record InstanceRecord
{
    public long InstanceId { get; init; }
    public long JobId { get; init; }
    public long AppId { get; init; }
    public InstanceStatus Status { get; init; } = InstanceStatus.WaitingDispatch;
    public string? JobParams { get; init; }
    public string? InstanceParams { get; init; }
    public string? Result { get; init; }
    public DateTimeOffset? ExpectedTriggerTime { get; init; }
    public DateTimeOffset? ActualTriggerTime { get; init; }
    public DateTimeOffset? FinishedTime { get; init; }
    public DateTimeOffset? LastReportTime { get; init; }
    public string? TaskTrackerAddress { get; init; }
    public int RunningTimes { get; init; }
    public int Attempt { get; init; }
    /// <summary>The workflow instance this instance runs a node of; null for a plain job run.</summary>
    public long? WfInstanceId { get; init; }
    public long? WfNodeId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
