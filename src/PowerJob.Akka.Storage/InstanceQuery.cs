using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>
/// Filters for <see cref="IPowerJobStore.QueryInstancesAsync"/> and <see cref="IPowerJobStore.CountInstancesAsync"/>
/// (PowerJob's <c>InstancePageQuery</c>); null or empty <see cref="Statuses"/> = any status;
/// <see cref="CreatedFrom"/> (inclusive) and <see cref="CreatedTo"/> (exclusive) bound the creation time when set; the
/// other time bounds are exclusive.
/// </summary>
public sealed record InstanceQuery(
    long AppId,
    long? JobId = null,
    IReadOnlyList<InstanceStatus>? Statuses = null,
    int Limit = 100,
    int Offset = 0,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null)
{
    public long? InstanceIdEq { get; init; }
    public long? InstanceIdLt { get; init; }
    public long? InstanceIdGt { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? ModifiedBefore { get; init; }
    public DateTimeOffset? ModifiedAfter { get; init; }
    /// <summary>Sort order; newest instance first unless told otherwise.</summary>
    public InstanceSort SortBy { get; init; } = InstanceSort.InstanceId;
    public bool Ascending { get; init; }
}

/// <summary>The columns instances can be sorted by (PowerJob's <c>sortBy</c> names).</summary>
public enum InstanceSort
{
    InstanceId,
    GmtCreate,
    GmtModified,
    ExpectedTriggerTime,
    ActualTriggerTime,
    FinishedTime,
    Status,
}
