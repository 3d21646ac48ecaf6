using System.Text.Json.Serialization;

namespace PowerJob.Akka.Model;

/// <summary>
/// PowerJob's <c>PEWorkflowDAG</c>: the nodes (each runs one job of the app) and the edges between them. In a workflow
/// instance each node also carries its status (an <see cref="InstanceStatus"/> code), the job instance it ran and its result.
/// </summary>
public sealed record WorkflowDag
{
    public IReadOnlyList<WorkflowNode> Nodes { get; init; } = [];
    public IReadOnlyList<WorkflowEdge> Edges { get; init; } = [];

    public IEnumerable<long> Upstream(long nodeId) => Edges.Where(e => e.To == nodeId).Select(e => e.From);

    public WorkflowDag WithNode(WorkflowNode node) =>
        this with { Nodes = Nodes.Select(n => n.NodeId == node.NodeId ? node : n).ToList() };
}

/// <summary>A node of a DAG; <see cref="NodeType"/> 1 is PowerJob's JOB (the only type here).</summary>
public sealed record WorkflowNode
{
    public long NodeId { get; init; }
    public int NodeType { get; init; } = 1;
    public long JobId { get; init; }
    public string? NodeName { get; init; }
    /// <summary>The job params of the instance this node runs (PowerJob: <c>jobParams = nodeParams</c>); null = the job's own.</summary>
    public string? NodeParams { get; init; }
    /// <summary>A disabled node is skipped: it counts as done without running.</summary>
    public bool Enable { get; init; } = true;
    /// <summary>A failure of this node does not fail the workflow.</summary>
    public bool SkipWhenFailed { get; init; }
    public int? Status { get; init; }
    public long? InstanceId { get; init; }
    public string? Result { get; init; }
    public long? StartTime { get; init; }
    public long? FinishedTime { get; init; }

    [JsonIgnore]
    public InstanceStatus? NodeStatus => Status is { } s ? (InstanceStatus)s : null;

    /// <summary>Done for its downstream nodes: succeeded, skipped (disabled), or failed with skip-when-failed.</summary>
    [JsonIgnore]
    public bool Done => NodeStatus switch
    {
        InstanceStatus.Succeed => true,
        InstanceStatus.Failed => SkipWhenFailed,
        InstanceStatus.Canceled => !Enable,
        _ => false,
    };
}

public sealed record WorkflowEdge
{
    public long From { get; init; }
    public long To { get; init; }
}

/// <summary>Workflow instance statuses with PowerJob's codes.</summary>
public enum WorkflowInstanceStatus
{
    Waiting = 1,
    Running = 2,
    Failed = 3,
    Succeed = 4,
    Stopped = 10,
}

public static class WorkflowInstanceStatuses
{
    public static bool IsFinal(this WorkflowInstanceStatus status) =>
        status is WorkflowInstanceStatus.Failed or WorkflowInstanceStatus.Succeed or WorkflowInstanceStatus.Stopped;

    public static string WireName(this WorkflowInstanceStatus status) => status switch
    {
        WorkflowInstanceStatus.Waiting => "WAITING",
        WorkflowInstanceStatus.Running => "RUNNING",
        WorkflowInstanceStatus.Failed => "FAILED",
        WorkflowInstanceStatus.Succeed => "SUCCEED",
        _ => "STOPPED",
    };
}
