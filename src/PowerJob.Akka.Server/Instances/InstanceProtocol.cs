using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// Claim a fire of <see cref="Job"/> due at <see cref="Due"/> (moving its next trigger time to <see cref="Next"/>) and
/// create its instance from <see cref="Instance"/>: its worker is chosen first, so the claim stores its first attempt too and
/// at the due time the attempt is only sent. Answered to the sender with <see cref="FireClaimed"/> or <see cref="FireClaimFailed"/>.
/// </summary>
public sealed record ClaimFire(JobRecord Job, DateTimeOffset Due, DateTimeOffset? Next, InstanceRecord Instance);

/// <summary>The claim's outcome: the instance, or null when the fire was claimed already or the job changed.</summary>
public sealed record FireClaimed(JobRecord Job, DateTimeOffset Due, InstanceRecord? Instance, DateTimeOffset? Next);

public sealed record FireClaimFailed(long JobId, DateTimeOffset Due, Exception Error);

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
