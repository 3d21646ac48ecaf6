using System.Text.Json.Serialization;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>PowerJob's <c>WorkflowInfoDTO</c> field names; <c>status</c> 1 = enabled, 2 = disabled; times as unix milliseconds.</summary>
public sealed record WorkflowInfoDto(
    long Id, string WfName, string? WfDescription, long AppId, [property: JsonPropertyName("peDAG")] WorkflowDag PeDag, int TimeExpressionType, string? TimeExpression,
    string? TimeZone, int MaxWfInstanceNum, int Status, bool Enable, long? NextTriggerTime, long GmtCreate, long GmtModified)
{
    public static WorkflowInfoDto From(WorkflowRecord w) => new(w.Id, w.WfName, w.WfDescription, w.AppId, w.Dag, (int)w.TimeExpressionType,
        w.TimeExpression, w.TimeZone, w.MaxWfInstanceNum, w.Enabled ? 1 : 2, w.Enabled, w.NextTriggerTime?.ToUnixTimeMilliseconds(),
        w.CreatedAt.ToUnixTimeMilliseconds(), w.UpdatedAt.ToUnixTimeMilliseconds());
}

/// <summary>PowerJob's <c>WorkflowNodeInfoDTO</c>.</summary>
public sealed record WorkflowNodeInfoDto(
    long Id, long AppId, long? WorkflowId, int Type, long JobId, string? NodeName, string? NodeParams, bool Enable, bool SkipWhenFailed,
    long GmtCreate, long GmtModified)
{
    public static WorkflowNodeInfoDto From(WorkflowNodeRecord n) => new(n.Id, n.AppId, n.WorkflowId, 1, n.JobId, n.NodeName, n.NodeParams,
        n.Enabled, n.SkipWhenFailed, n.CreatedAt.ToUnixTimeMilliseconds(), n.UpdatedAt.ToUnixTimeMilliseconds());
}

/// <summary>PowerJob's <c>WorkflowInstanceInfoDTO</c>: <c>dag</c> carries each node's status, job instance and result.</summary>
public sealed record WorkflowInstanceInfoDto(
    long WfInstanceId, long WorkflowId, long AppId, int Status, string StatusName, WorkflowDag Dag, string? Result, string? WfInitParams,
    string WfContext, long? ExpectedTriggerTime, long? ActualTriggerTime, long? FinishedTime, long GmtCreate, long GmtModified)
{
    public static WorkflowInstanceInfoDto From(WorkflowInstanceRecord i) => new(i.WfInstanceId, i.WorkflowId, i.AppId, (int)i.Status,
        i.Status.WireName(), i.Dag, i.Result, i.WfInitParams, i.WfContext, i.ExpectedTriggerTime?.ToUnixTimeMilliseconds(),
        i.ActualTriggerTime?.ToUnixTimeMilliseconds(), i.FinishedTime?.ToUnixTimeMilliseconds(), i.CreatedAt.ToUnixTimeMilliseconds(),
        i.UpdatedAt.ToUnixTimeMilliseconds());
}
