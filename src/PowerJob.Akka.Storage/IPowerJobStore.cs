using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>
/// Everything the servers persist. Several servers may share one store: <see cref="FireAsync"/> and
/// <see cref="UpdateInstanceAsync"/> are compare-and-set operations, so exactly one of them wins a race.
/// Times are kept with millisecond precision.
/// </summary>
public interface IPowerJobStore
{
    /// <summary>Creates or upgrades the schema; safe to run repeatedly and from several servers at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>A write that changes nothing; it fails (or hangs until cancelled) while the store cannot take writes.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the app, or replaces the password of the app with that name.</summary>
    Task<AppRecord> SaveAppAsync(string appName, string passwordHash, CancellationToken cancellationToken = default);
    Task<AppRecord?> FindAppAsync(long id, CancellationToken cancellationToken = default);
    Task<AppRecord?> FindAppByNameAsync(string name, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the job, ignoring <see cref="JobRecord.Id"/>; returns the new id.</summary>
    Task<long> InsertJobAsync(JobRecord job, CancellationToken cancellationToken = default);
    /// <summary>Updates every column but the id, app id and creation time.</summary>
    Task<bool> UpdateJobAsync(JobRecord job, CancellationToken cancellationToken = default);
    Task<JobRecord?> FindJobAsync(long jobId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(long appId, CancellationToken cancellationToken = default);
    Task<bool> DeleteJobAsync(long jobId, CancellationToken cancellationToken = default);
    Task<bool> SetJobEnabledAsync(long jobId, bool enabled, DateTimeOffset? nextTriggerTime, CancellationToken cancellationToken = default);
    /// <summary>
    /// Gives an enabled FIXED_DELAY job that waits for its previous run (next trigger time null) its next trigger time.
    /// Returns false, changing nothing, when the job was disabled, changed type or was rescheduled meanwhile.
    /// </summary>
    Task<bool> ScheduleNextDelayAsync(long jobId, DateTimeOffset nextTriggerTime, CancellationToken cancellationToken = default);
    /// <summary>Enabled jobs whose time expression type is not API.</summary>
    Task<IReadOnlyList<JobRecord>> ListSchedulableJobsAsync(long appId, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: moves the job's next trigger time from <paramref name="expectedNextTriggerTime"/>
    /// (null matches null) to <paramref name="newNextTriggerTime"/> and inserts <paramref name="instance"/>.
    /// Returns null, changing nothing, when the job's next trigger time was no longer the expected one
    /// (another server fired it) or the job is gone.
    /// </summary>
    Task<InstanceRecord?> FireAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? newNextTriggerTime,
        InstanceRecord instance, CancellationToken cancellationToken = default);

    /// <summary>Inserts the instance (the store assigns its id) and records its first transition.</summary>
    Task<InstanceRecord> InsertInstanceAsync(InstanceRecord instance, string? note, CancellationToken cancellationToken = default);
    Task<InstanceRecord?> FindInstanceAsync(long instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes every mutable column of <paramref name="updated"/> only while the stored instance still has
    /// <paramref name="expectedStatus"/> and <paramref name="expectedAttempt"/>, and records a transition
    /// when the status changes or a note is given. Returns false, changing nothing, otherwise.
    /// </summary>
    Task<bool> UpdateInstanceAsync(InstanceRecord updated, InstanceStatus expectedStatus, int expectedAttempt, string? note,
        CancellationToken cancellationToken = default);

    /// <summary>Oldest first.</summary>
    Task<IReadOnlyList<InstanceTransition>> ListTransitionsAsync(long instanceId, CancellationToken cancellationToken = default);
    /// <summary>Newest (highest id) first.</summary>
    Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);
    /// <summary>Instances of the job that are waiting for dispatch, waiting for a worker or running.</summary>
    Task<int> CountActiveInstancesAsync(long jobId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<InstanceRecord>> ListActiveInstancesAsync(long appId, CancellationToken cancellationToken = default);

    /// <summary>Appends all lines in one transaction.</summary>
    Task AppendLogsAsync(IReadOnlyList<InstanceLogLine> lines, CancellationToken cancellationToken = default);
    /// <summary>Ordered by time, then by arrival.</summary>
    Task<IReadOnlyList<InstanceLogLine>> ReadLogsAsync(long instanceId, CancellationToken cancellationToken = default);
}
