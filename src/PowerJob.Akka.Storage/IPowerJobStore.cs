using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>
/// Everything the servers persist. Several servers may share one store: <see cref="FireAsync"/> and
/// <see cref="UpdateInstanceAsync"/> are compare-and-set operations, so exactly one of them wins a race.
/// Times are kept with millisecond precision.
/// </summary>
public interface IPowerJobStore : IWorkflowStore
{
    /// <summary>Creates or upgrades the schema; safe to run repeatedly and from several servers at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>A write that changes nothing; it fails (or hangs until cancelled) while the store cannot take writes.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the app, or replaces the password of the app with that name.</summary>
    Task<AppRecord> SaveAppAsync(string appName, string passwordHash, CancellationToken cancellationToken = default);
    /// <summary>Inserts a new app; null, changing nothing, when an app with that name exists.</summary>
    Task<AppRecord?> InsertAppAsync(string appName, string passwordHash, CancellationToken cancellationToken = default);
    /// <summary>
    /// Replaces the app's password hash only if it is still <paramref name="expectedHash"/>, so a concurrent change
    /// (or a verification against a stale hash) never overwrites a newer password. False when it changed nothing.
    /// </summary>
    Task<bool> ChangeAppPasswordAsync(long appId, string expectedHash, string newHash, CancellationToken cancellationToken = default);
    Task<AppRecord?> FindAppAsync(long id, CancellationToken cancellationToken = default);
    Task<AppRecord?> FindAppByNameAsync(string name, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the job, ignoring <see cref="JobRecord.Id"/>; returns the new id.</summary>
    Task<long> InsertJobAsync(JobRecord job, CancellationToken cancellationToken = default);
    /// <summary>Updates every column but the id, app id, creation time and the trigger times (next and last claimed fire).</summary>
    Task<bool> UpdateJobAsync(JobRecord job, CancellationToken cancellationToken = default);
    Task<JobRecord?> FindJobAsync(long jobId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(long appId, CancellationToken cancellationToken = default);
    Task<bool> DeleteJobAsync(long jobId, CancellationToken cancellationToken = default);
    /// <summary>
    /// Enables or disables the job and sets its next trigger time, only when it is not already so (a second enable of an
    /// enabled job changes nothing and returns false, so it can never hand out a claimed due time again).
    /// </summary>
    Task<bool> SetJobEnabledAsync(long jobId, bool enabled, DateTimeOffset? nextTriggerTime, CancellationToken cancellationToken = default);
    /// <summary>
    /// Moves the job's next trigger time from <paramref name="expectedNextTriggerTime"/> (null matches null) to
    /// <paramref name="nextTriggerTime"/>; returns false, changing nothing, when a fire was claimed or the job changed meanwhile.
    /// </summary>
    Task<bool> RescheduleJobAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? nextTriggerTime,
        CancellationToken cancellationToken = default);
    /// <summary>
    /// Gives an enabled FIXED_DELAY job that waits for its previous run (next trigger time null) its next trigger time.
    /// Returns false, changing nothing, when the job was disabled, changed type or was rescheduled meanwhile.
    /// </summary>
    Task<bool> ScheduleNextDelayAsync(long jobId, DateTimeOffset nextTriggerTime, CancellationToken cancellationToken = default);
    /// <summary>Enabled jobs whose time expression type is not API.</summary>
    Task<IReadOnlyList<JobRecord>> ListSchedulableJobsAsync(long appId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a new owner epoch for the app with a compare-and-set on its current one; from then on, writes fenced with
    /// an older epoch of the app throw <see cref="StaleOwnerEpochException"/>.
    /// </summary>
    Task<OwnerEpoch> TakeOwnerEpochAsync(long appId, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: moves the enabled job's next trigger time from <paramref name="expectedNextTriggerTime"/>
    /// (null matches null) to <paramref name="newNextTriggerTime"/>, records the expected time as the last claimed fire,
    /// and inserts <paramref name="instance"/>. Returns null, changing nothing, when the job's next trigger time was no
    /// longer the expected one (another entity fired it, or the job was changed or disabled) or the job is gone.
    /// With <paramref name="owner"/>, throws <see cref="StaleOwnerEpochException"/> unless it is the app's current epoch.
    /// <paramref name="transitions"/> are recorded for the new instance (by default one: its status at its creation time).
    /// </summary>
    Task<InstanceRecord?> FireAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? newNextTriggerTime,
        InstanceRecord instance, CancellationToken cancellationToken = default, OwnerEpoch? owner = null,
        IReadOnlyList<StatusChange>? transitions = null);

    /// <summary>
    /// Inserts the instance (the store assigns its id) and records its first transition (its status at its creation time,
    /// with <paramref name="note"/>), or <paramref name="transitions"/> in their order when given (an instance inserted
    /// already dispatched); fenced like <see cref="FireAsync"/> when <paramref name="owner"/> is given.
    /// </summary>
    Task<InstanceRecord> InsertInstanceAsync(InstanceRecord instance, string? note, CancellationToken cancellationToken = default,
        OwnerEpoch? owner = null, IReadOnlyList<StatusChange>? transitions = null);
    Task<InstanceRecord?> FindInstanceAsync(long instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes every mutable column of <paramref name="updated"/> only while the stored instance still has
    /// <paramref name="expectedStatus"/> and <paramref name="expectedAttempt"/>, and records a transition
    /// when the status changes or a note is given, after <paramref name="earlier"/> (transitions the write also stands for,
    /// such as a short run's RUNNING stored with its final status). Returns false, changing nothing, otherwise. Fenced like
    /// <see cref="FireAsync"/> when <paramref name="owner"/> is given.
    /// </summary>
    Task<bool> UpdateInstanceAsync(InstanceRecord updated, InstanceStatus expectedStatus, int expectedAttempt, string? note,
        CancellationToken cancellationToken = default, OwnerEpoch? owner = null, IReadOnlyList<StatusChange>? earlier = null);

    /// <summary>Oldest first.</summary>
    Task<IReadOnlyList<InstanceTransition>> ListTransitionsAsync(long instanceId, CancellationToken cancellationToken = default);
    /// <summary>Newest (highest id) first.</summary>
    Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many instances <paramref name="query"/> matches, ignoring its limit and offset.</summary>
    Task<long> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);
    /// <summary>Instances of the job that are waiting for dispatch, waiting for a worker or running.</summary>
    Task<int> CountActiveInstancesAsync(long jobId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<InstanceRecord>> ListActiveInstancesAsync(long appId, CancellationToken cancellationToken = default);

    /// <summary>Appends all lines in one transaction.</summary>
    Task AppendLogsAsync(IReadOnlyList<InstanceLogLine> lines, CancellationToken cancellationToken = default);
    /// <summary>Ordered by time, then by arrival.</summary>
    Task<IReadOnlyList<InstanceLogLine>> ReadLogsAsync(long instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes one batch of finished instances (see <see cref="InstanceCleanup"/>) with their transitions and log lines.
    /// Active instances are never picked.
    /// </summary>
    Task<CleanupCount> DeleteFinishedInstancesAsync(InstanceCleanup cleanup, CancellationToken cancellationToken = default);
    /// <summary>
    /// Deletes up to <see cref="InstanceCleanup.Limit"/> log lines of the finished instances the cleanup picks, keeping
    /// the instances; returns the number of lines deleted.
    /// </summary>
    Task<int> DeleteFinishedInstanceLogsAsync(InstanceCleanup cleanup, CancellationToken cancellationToken = default);
}
