using Akka.Actor;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Workers;

/// <summary>A heartbeat's worker; <paramref name="ReplyTo"/> (the heartbeat's sender) gets <paramref name="Location"/>, with the refusal if the worker is not registered.</summary>
public sealed record RegisterWorker(WorkerInfo Worker, AppLocation? Location = null, IActorRef? ReplyTo = null);

/// <summary>A heartbeat was refused: listed with the reason in <see cref="AppWorkers.Refused"/>; an accepted worker of that address stays.</summary>
public sealed record RefuseWorker(WorkerInfo Worker, string Reason);

/// <summary>Answered with <see cref="WorkerList"/> carrying the same <paramref name="Tag"/>, so actors can correlate without Ask.</summary>
public sealed record GetWorkers(long AppId, object? Tag = null);

public sealed record WorkerList(long AppId, IReadOnlyList<WorkerInfo> Workers, object? Tag = null);
