using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>An instance entering <see cref="Status"/> at <see cref="At"/>.</summary>
public sealed record InstanceTransition(long InstanceId, InstanceStatus Status, DateTimeOffset At, string? Note);
