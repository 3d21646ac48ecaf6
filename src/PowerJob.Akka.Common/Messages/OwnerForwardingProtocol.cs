namespace PowerJob.Akka.Messages;

/// <summary>
/// OpenAPI calls that act on an app's instances, sent to the instance manager of the server that owns the app —
/// locally, or over the cluster port when the call reached another server.
/// </summary>
public sealed record RunJobRequest(long AppId, long JobId, string? InstanceParams, long DelayMs) : IPowerJobWire;

/// <summary>The entity's answer to a <see cref="RunJobRequest"/> it did not take (nothing was stored), with the reason.</summary>
public sealed record RunJobRefused(string Reason) : IPowerJobWire;

/// <summary>The entity's answer to a <see cref="RunJobRequest"/> for a job that is not one of the app's (nothing was stored).</summary>
public sealed record RunJobUnknownJob(long JobId, string Reason) : IPowerJobWire;

public sealed record InstanceCreated(long InstanceId) : IPowerJobWire;

/// <summary><c>stopInstance</c>, <c>cancelInstance</c> or <c>retryInstance</c>; <see cref="Kind"/> is STOP, CANCEL or RETRY.</summary>
public sealed record InstanceCommand(string Kind, long AppId, long InstanceId) : IPowerJobWire
{
    public const string Stop = "STOP";
    public const string Cancel = "CANCEL";
    public const string Retry = "RETRY";
}

public sealed record InstanceCommandResult(bool Success, string Message) : IPowerJobWire;
