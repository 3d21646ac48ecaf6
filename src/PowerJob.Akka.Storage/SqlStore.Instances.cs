using System.Data.Common;
using Dapper;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    private static readonly SqlTable Instances = new("instance_info", "instance_id",
    [
        "job_id", "app_id", "status", "job_params", "instance_params", "result", "expected_trigger_time",
        "actual_trigger_time", "finished_time", "last_report_time", "task_tracker_address", "running_times", "attempt",
        "created_at", "updated_at",
    ]);

    private static readonly string ActiveStatuses =
        string.Join(", ", Enum.GetValues<InstanceStatus>().Where(s => s.IsActive()).Select(s => (int)s));

    public Task<InstanceRecord?> FireAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? newNextTriggerTime,
        InstanceRecord instance, CancellationToken cancellationToken = default, OwnerEpoch? owner = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.JobId != jobId)
            throw new ArgumentException($"the instance belongs to job {instance.JobId}, not {jobId}", nameof(instance));
        var sql = "UPDATE job_info SET next_trigger_time = @New, last_fire_time = COALESCE(@Expected, last_fire_time) " +
                  $"WHERE id = @JobId AND enabled = @Enabled AND {NullSafeEquals("next_trigger_time", "@Expected")}";
        var param = new { JobId = jobId, Expected = UnixMs.From(expectedNextTriggerTime), New = UnixMs.From(newNextTriggerTime), Enabled = true };
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            var claimed = await c.ExecuteAsync(Cmd(sql, param, tx, ct)).ConfigureAwait(false);
            return claimed == 0 ? null : await InsertInstanceAsync(c, tx, instance, null, ct).ConfigureAwait(false);
        }, atomic: true, cancellationToken);
    }

    public Task<InstanceRecord> InsertInstanceAsync(InstanceRecord instance, string? note, CancellationToken cancellationToken = default,
        OwnerEpoch? owner = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            return await InsertInstanceAsync(c, tx, instance, note, ct).ConfigureAwait(false);
        }, atomic: true, cancellationToken);
    }

    public Task<InstanceRecord?> FindInstanceAsync(long instanceId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => FindInstanceAsync(c, null, instanceId, cancellationToken), cancellationToken);

    public Task<bool> UpdateInstanceAsync(InstanceRecord updated, InstanceStatus expectedStatus, int expectedAttempt, string? note,
        CancellationToken cancellationToken = default, OwnerEpoch? owner = null)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var sql = $"UPDATE instance_info SET {Instances.SetAllExcept("job_id", "app_id", "created_at")} " +
                  "WHERE instance_id = @InstanceId AND status = @ExpectedStatus AND attempt = @ExpectedAttempt";
        var param = new DynamicParameters(InstanceRow.From(updated));
        param.Add("ExpectedStatus", (int)expectedStatus);
        param.Add("ExpectedAttempt", expectedAttempt);
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            if (await c.ExecuteAsync(Cmd(sql, param, tx, ct)).ConfigureAwait(false) == 0) return false;
            if (updated.Status != expectedStatus || note is not null)
                await AddTransitionAsync(c, tx, updated.InstanceId, updated.Status, updated.UpdatedAt, note, ct).ConfigureAwait(false);
            return true;
        }, atomic: true, cancellationToken);
    }

    public Task<IReadOnlyList<InstanceTransition>> ListTransitionsAsync(long instanceId, CancellationToken cancellationToken = default) =>
        QueryListAsync<TransitionRow, InstanceTransition>(
            "SELECT instance_id AS InstanceId, status AS Status, changed_at AS ChangedAt, note AS Note FROM instance_transition " +
            "WHERE instance_id = @InstanceId ORDER BY changed_at, id",
            new { InstanceId = instanceId }, r => r.ToRecord(), cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        var conditions = new List<string> { "app_id = @AppId" };
        var param = new DynamicParameters(new { query.AppId, query.Limit, query.Offset });
        if (query.JobId is { } jobId)
        {
            conditions.Add("job_id = @JobId");
            param.Add("JobId", jobId);
        }
        if (query.CreatedFrom is { } from)
        {
            conditions.Add("created_at >= @CreatedFrom");
            param.Add("CreatedFrom", UnixMs.From(from));
        }
        if (query.CreatedTo is { } to)
        {
            conditions.Add("created_at < @CreatedTo");
            param.Add("CreatedTo", UnixMs.From(to));
        }
        if (query.Statuses is { Count: > 0 } statuses)
        {
            // Spelled out rather than Dapper's "IN @list", which Npgsql would receive as one array parameter.
            var names = new List<string>();
            foreach (var status in statuses.Distinct())
            {
                names.Add("@Status" + names.Count);
                param.Add(names[^1][1..], (int)status);
            }
            conditions.Add($"status IN ({string.Join(", ", names)})");
        }
        var sql = $"SELECT {Instances.Select} FROM instance_info WHERE {string.Join(" AND ", conditions)} " +
                  "ORDER BY instance_id DESC LIMIT @Limit OFFSET @Offset";
        return QueryListAsync<InstanceRow, InstanceRecord>(sql, param, r => r.ToRecord(), cancellationToken);
    }

    public Task<int> CountActiveInstancesAsync(long jobId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => c.ExecuteScalarAsync<int>(Cmd(
            $"SELECT COUNT(*) FROM instance_info WHERE job_id = @JobId AND status IN ({ActiveStatuses})",
            new { JobId = jobId }, null, cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListActiveInstancesAsync(long appId, CancellationToken cancellationToken = default) =>
        QueryListAsync<InstanceRow, InstanceRecord>(
            $"SELECT {Instances.Select} FROM instance_info WHERE app_id = @AppId AND status IN ({ActiveStatuses}) ORDER BY instance_id",
            new { AppId = appId }, r => r.ToRecord(), cancellationToken);

    private async Task<InstanceRecord> InsertInstanceAsync(DbConnection c, DbTransaction? tx, InstanceRecord instance, string? note,
        CancellationToken cancellationToken)
    {
        var id = await c.ExecuteScalarAsync<long>(Cmd(InsertReturningId(Instances.Insert(), "instance_id"),
            InstanceRow.From(instance), tx, cancellationToken)).ConfigureAwait(false);
        await AddTransitionAsync(c, tx, id, instance.Status, instance.CreatedAt, note, cancellationToken).ConfigureAwait(false);
        return await FindInstanceAsync(c, tx, id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"instance {id} vanished inside its own transaction");
    }

    private static async Task<InstanceRecord?> FindInstanceAsync(DbConnection c, DbTransaction? tx, long instanceId,
        CancellationToken cancellationToken) =>
        (await c.QuerySingleOrDefaultAsync<InstanceRow>(Cmd($"SELECT {Instances.Select} FROM instance_info WHERE instance_id = @Id",
            new { Id = instanceId }, tx, cancellationToken)).ConfigureAwait(false))?.ToRecord();

    private static Task AddTransitionAsync(DbConnection c, DbTransaction? tx, long instanceId, InstanceStatus status,
        DateTimeOffset at, string? note, CancellationToken cancellationToken) =>
        c.ExecuteAsync(Cmd(
            "INSERT INTO instance_transition (instance_id, status, changed_at, note) VALUES (@InstanceId, @Status, @ChangedAt, @Note)",
            new { InstanceId = instanceId, Status = (int)status, ChangedAt = UnixMs.From(at), Note = note }, tx, cancellationToken));
}
