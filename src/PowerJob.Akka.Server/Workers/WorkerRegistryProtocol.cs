using Akka.Actor;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Workers;

/// <summary>A heartbeat's worker; <paramref name="ReplyTo"/> (the heartbeat's sender) gets <paramref name="Location"/>, with the refusal if the worker is not registered.</summary>
public sealed record RegisterWorker(WorkerInfo Worker, AppLocation? Location = null, IActorRef? ReplyTo = null);

/// <summary>Answered with <see cref="WorkerList"/> carrying the same <paramref name="Tag"/>, so actors can correlate without Ask.</summary>
public sealed record GetWorkers(long AppId, object? Tag = null);

public sealed record WorkerList(long AppId, IReadOnlyList<WorkerInfo> Workers, object? Tag = null);
