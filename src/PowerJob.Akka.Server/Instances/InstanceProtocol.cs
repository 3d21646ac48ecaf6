using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>Track and dispatch an instance the scheduler fired (already stored, status WAITING_DISPATCH).</summary>
public sealed record DispatchFired(InstanceRecord Instance, JobRecord Job, string AppName);

/// <summary>Published on the event stream when an instance reaches a final status (FIXED_DELAY waits for it; failures may raise alarms).</summary>
public sealed record InstanceFinished(long AppId, long JobId, long InstanceId, InstanceStatus Status, DateTimeOffset At, string? Result = null);
