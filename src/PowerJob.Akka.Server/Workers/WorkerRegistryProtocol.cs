using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Workers;

public sealed record RegisterWorker(WorkerInfo Worker);

/// <summary>Answered with <see cref="WorkerList"/> carrying the same <paramref name="Tag"/>, so actors can correlate without Ask.</summary>
public sealed record GetWorkers(long AppId, object? Tag = null);

public sealed record WorkerList(long AppId, IReadOnlyList<WorkerInfo> Workers, object? Tag = null);
