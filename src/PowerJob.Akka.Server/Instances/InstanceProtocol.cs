using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>Track and dispatch an instance the scheduler fired (already stored, status WAITING_DISPATCH).</summary>
public sealed record DispatchFired(InstanceRecord Instance, JobRecord Job, string AppName);

/// <summary>OpenAPI <c>runJob</c>: store a new instance and dispatch it after <paramref name="Delay"/>; answered with <see cref="InstanceCreated"/>.</summary>
public sealed record RunJob(JobRecord Job, string AppName, string? InstanceParams, TimeSpan Delay);

public sealed record InstanceCreated(long InstanceId);

public enum InstanceCommandKind
{
    Stop,
    Cancel,
    Retry,
}

/// <summary>OpenAPI stop/cancel/retry; answered with <see cref="InstanceCommandResult"/>.</summary>
public sealed record InstanceCommand(InstanceCommandKind Kind, long AppId, long InstanceId);

public sealed record InstanceCommandResult(bool Success, string Message);

/// <summary>Published on the event stream when an instance reaches a final status (FIXED_DELAY waits for it).</summary>
public sealed record InstanceFinished(long AppId, long JobId, long InstanceId, InstanceStatus Status, DateTimeOffset At);
