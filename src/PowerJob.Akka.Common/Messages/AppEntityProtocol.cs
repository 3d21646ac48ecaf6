namespace PowerJob.Akka.Messages;

// Messages to an app's entity, sent through the sharding region of the servers from any server and routed by AppId.
// Worker messages that carry an app id (WorkerHeartbeat, WorkerQueryExecutorClusterReq) and the OpenAPI calls of
// OwnerForwardingProtocol go the same way.

/// <summary>Starts the app's entity if it is not running; servers send it for every app in the store, at start and periodically.</summary>
public sealed record WakeApp(long AppId) : IPowerJobWire;

/// <summary>A job was saved, enabled, disabled or deleted; the app's entity reloads it.</summary>
public sealed record JobChanged(long AppId, long JobId) : IPowerJobWire;

/// <summary>Answered with <see cref="AppLocation"/>: which server runs the app's entity, and how workers reach it.</summary>
public sealed record WhereIsApp(long AppId) : IPowerJobWire;

/// <summary>
/// The server running an app's entity: its cluster address, owner epoch, web address and worker-facing addresses.
/// Also the entity's answer to a forwarded <see cref="WorkerHeartbeat"/>; <see cref="Refusal"/> says why the entity did not
/// register the worker (e.g. the app has as many workers as <c>oms.worker.max-per-app</c> allows).
/// </summary>
public sealed record AppLocation(long AppId, string Server, long Epoch, string? WebAddress, string? AkkaAddress, string? HttpAddress,
    string? Refusal = null) : IPowerJobWire;

/// <summary>Answered with <see cref="AppWorkers"/>: the workers of the app, alive or not, as its entity knows them.</summary>
public sealed record GetAppWorkers(long AppId) : IPowerJobWire;

/// <param name="Refused">Workers whose last heartbeat was refused, with <see cref="WorkerInfo.Refusal"/>; never eligible for anything.</param>
public sealed record AppWorkers(long AppId, IReadOnlyList<WorkerInfo> Workers, IReadOnlyList<WorkerInfo>? Refused = null) : IPowerJobWire;

/// <summary>A worker's instance report (which names no app) with the app the receiving server found for the instance.</summary>
public sealed record AppInstanceReport(long AppId, TaskTrackerReportInstanceStatusReq Report) : IPowerJobWire;
