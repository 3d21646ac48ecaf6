using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>
/// A transition to record with an instance write, for the instance the write is about: it entered <see cref="Status"/> at
/// <see cref="At"/>. Lets one write record several transitions (an instance inserted already dispatched; a short run's
/// RUNNING stored with its final status).
/// </summary>
public sealed record StatusChange(InstanceStatus Status, DateTimeOffset At, string? Note = null);
