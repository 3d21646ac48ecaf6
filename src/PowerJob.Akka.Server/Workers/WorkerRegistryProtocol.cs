using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Workers;

public sealed record RegisterWorker(WorkerInfo Worker);

public sealed record GetWorkers(long AppId);

public sealed record WorkerList(long AppId, IReadOnlyList<WorkerInfo> Workers);

public sealed record HeartbeatDecision(WorkerHeartbeat Heartbeat, HeartbeatReply Reply);
