namespace PowerJob.Akka.Messages;

// Workflow calls to an app's entity, routed by AppId like the job calls of OwnerForwardingProtocol.

/// <summary>A workflow was saved, copied, enabled, disabled or deleted; the app's entity reloads its schedule.</summary>
public sealed record WorkflowChanged(long AppId, long WorkflowId) : IPowerJobWire;

/// <summary><c>runWorkflow</c>: answered with <see cref="WorkflowInstanceCreated"/> or a failure.</summary>
public sealed record RunWorkflowRequest(long AppId, long WorkflowId, string? InitParams, long DelayMs) : IPowerJobWire;

public sealed record WorkflowInstanceCreated(long WfInstanceId) : IPowerJobWire;

/// <summary><c>stopWfInstance</c>, <c>retryWfInstance</c>, <c>markWorkflowNodeAsSuccess</c> (with <see cref="NodeId"/>).</summary>
public sealed record WorkflowCommand(string Kind, long AppId, long WfInstanceId, long? NodeId = null) : IPowerJobWire
{
    public const string Stop = "stop";
    public const string Retry = "retry";
    public const string MarkNodeSuccess = "markNodeSuccess";
}

public sealed record WorkflowCommandResult(bool Success, string Message) : IPowerJobWire;
