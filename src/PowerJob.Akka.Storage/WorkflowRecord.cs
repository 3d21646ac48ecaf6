using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>A workflow: a DAG of the app's jobs, fired by API, CRON or FIXED_RATE. Fields follow PowerJob's <c>WorkflowInfoDO</c>.</summary>
public sealed record WorkflowRecord
{
    public long Id { get; init; }
    public long AppId { get; init; }
    public string WfName { get; init; } = "";
    public string? WfDescription { get; init; }
    public TimeExpressionType TimeExpressionType { get; init; } = TimeExpressionType.Api;
    public string? TimeExpression { get; init; }
    public string? TimeZone { get; init; }
    /// <summary>0 = unlimited; PowerJob's default is 1.</summary>
    public int MaxWfInstanceNum { get; init; } = 1;
    public bool Enabled { get; init; } = true;
    public WorkflowDag Dag { get; init; } = new();
    public DateTimeOffset? NextTriggerTime { get; init; }
    public DateTimeOffset? LastFireTime { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A node created ahead of its DAG (PowerJob's <c>WorkflowNodeInfoDO</c>); a DAG node with its id takes these fields.</summary>
public sealed record WorkflowNodeRecord
{
    public long Id { get; init; }
    public long AppId { get; init; }
    public long? WorkflowId { get; init; }
    public long JobId { get; init; }
    public string? NodeName { get; init; }
    public string? NodeParams { get; init; }
    public bool Enabled { get; init; } = true;
    public bool SkipWhenFailed { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// One run of a workflow. <see cref="Dag"/> carries each node's status and job instance; <see cref="WfContext"/> is the JSON
/// map nodes read and add to. <see cref="Version"/> counts the writes: an update names the version it read.
/// </summary>
public sealed record WorkflowInstanceRecord
{
    public long WfInstanceId { get; init; }
    public long WorkflowId { get; init; }
    public long AppId { get; init; }
    public WorkflowInstanceStatus Status { get; init; } = WorkflowInstanceStatus.Waiting;
    public WorkflowDag Dag { get; init; } = new();
    public string? WfInitParams { get; init; }
    public string WfContext { get; init; } = "{}";
    public string? Result { get; init; }
    public DateTimeOffset? ExpectedTriggerTime { get; init; }
    public DateTimeOffset? ActualTriggerTime { get; init; }
    public DateTimeOffset? FinishedTime { get; init; }
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
