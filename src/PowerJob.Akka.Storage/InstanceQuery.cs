using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>
/// Filters for <see cref="IPowerJobStore.QueryInstancesAsync"/>; null or empty <see cref="Statuses"/> = any status;
/// <see cref="CreatedFrom"/> (inclusive) and <see cref="CreatedTo"/> (exclusive) bound the creation time when set.
/// </summary>
public sealed record InstanceQuery(
    long AppId,
    long? JobId = null,
    IReadOnlyList<InstanceStatus>? Statuses = null,
    int Limit = 100,
    int Offset = 0,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null);
