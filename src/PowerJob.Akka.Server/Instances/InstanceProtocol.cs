using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>Track and dispatch an instance the scheduler fired (already stored, status WAITING_DISPATCH).</summary>
public sealed record DispatchFired(InstanceRecord Instance, JobRecord Job, string AppName);

/// <summary>
/// Create and dispatch the job instance of a workflow node (answered with <see cref="Messages.InstanceCreated"/>): job params
/// are the node's params (or the job's), instance params the workflow context.
/// </summary>
public sealed record RunNodeRequest(long JobId, long WfInstanceId, long NodeId, string? JobParams, string InstanceParams);

/// <summary>Told to the app entity once a workflow node's job instance reached a final status in the store.</summary>
public sealed record NodeInstanceFinished(long WfInstanceId, long NodeId, long InstanceId, InstanceStatus Status, string? Result,
    IReadOnlyDictionary<string, string>? AppendedWfContext);

/// <summary>Published on the event stream when an instance reaches a final status (FIXED_DELAY waits for it; failures may raise alarms).</summary>
public sealed record InstanceFinished(long AppId, long JobId, long InstanceId, InstanceStatus Status, DateTimeOffset At, string? Result = null);
