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
        "created_at", "updated_at", "wf_instance_id", "wf_node_id",
    ]);

    private static readonly string InsertInstanceSql = InsertReturningId(Instances.Insert(), "instance_id");
    private static readonly string UpdateInstanceSql =
        $"UPDATE instance_info SET {Instances.SetAllExcept("job_id", "app_id", "created_at", "wf_instance_id", "wf_node_id")} " +
        "WHERE instance_id = @InstanceId AND status = @ExpectedStatus AND attempt = @ExpectedAttempt";
    // The transitions one write records, in one statement: each statement of a write is a round trip on PostgreSQL, and a
    // write records up to 2 (a fire's WAITING_DISPATCH and WAITING_WORKER_RECEIVE, a short run's RUNNING and its end).
    private const int TransitionsPerInsert = 4;
    private static readonly string[] StatusNames = [.. Enumerable.Range(0, TransitionsPerInsert).Select(i => $"@Status{i}")];
    private static readonly string[] ChangedAtNames = [.. Enumerable.Range(0, TransitionsPerInsert).Select(i => $"@ChangedAt{i}")];
    private static readonly string[] NoteNames = [.. Enumerable.Range(0, TransitionsPerInsert).Select(i => $"@Note{i}")];
    // After the names it is built from (static fields of one file are set in the order they are written).
    private static readonly string[] InsertTransitionsSql = [.. Enumerable.Range(1, TransitionsPerInsert).Select(InsertTransitions)];

    private static string InsertTransitions(int rows) =>
        "INSERT INTO instance_transition (instance_id, status, changed_at, note) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@InstanceId, {StatusNames[i]}, {ChangedAtNames[i]}, {NoteNames[i]})"));

    private string? _claimJobSql;

    private static readonly string ActiveStatuses =
        string.Join(", ", Enum.GetValues<InstanceStatus>().Where(s => s.IsActive()).Select(s => (int)s));

    public Task<InstanceRecord?> FireAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? newNextTriggerTime,
        InstanceRecord instance, CancellationToken cancellationToken = default, OwnerEpoch? owner = null,
        IReadOnlyList<StatusChange>? transitions = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.JobId != jobId)
            throw new ArgumentException($"the instance belongs to job {instance.JobId}, not {jobId}", nameof(instance));
        var sql = _claimJobSql ??=
            "UPDATE job_info SET next_trigger_time = @New, last_fire_time = COALESCE(@Expected, last_fire_time) " +
            $"WHERE id = @JobId AND enabled = @Enabled AND {NullSafeEquals("next_trigger_time", "@Expected")}";
        var expected = UnixMs.From(expectedNextTriggerTime);
        var next = UnixMs.From(newNextTriggerTime);
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            using (var claim = StatementOn(c, tx, sql))
            {
                claim.Set("@New", next);
                claim.Set("@Expected", expected);
                claim.Set("@JobId", jobId);
                claim.Set("@Enabled", true);
                if (await claim.ExecuteAsync(ct).ConfigureAwait(false) == 0) return null;
            }
            return await InsertInstanceAsync(c, tx, instance, transitions ?? [new StatusChange(instance.Status, instance.CreatedAt)], ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<InstanceRecord> InsertInstanceAsync(InstanceRecord instance, string? note, CancellationToken cancellationToken = default,
        OwnerEpoch? owner = null, IReadOnlyList<StatusChange>? transitions = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        IReadOnlyList<StatusChange> changes = transitions ?? [new StatusChange(instance.Status, instance.CreatedAt, note)];
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            return await InsertInstanceAsync(c, tx, instance, changes, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<InstanceRecord?> FindInstanceAsync(long instanceId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => FindInstanceAsync(c, null, instanceId, cancellationToken), cancellationToken);

    public Task<bool> UpdateInstanceAsync(InstanceRecord updated, InstanceStatus expectedStatus, int expectedAttempt, string? note,
        CancellationToken cancellationToken = default, OwnerEpoch? owner = null, IReadOnlyList<StatusChange>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var row = InstanceRow.From(updated);
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            using (var update = StatementOn(c, tx, UpdateInstanceSql))
            {
                row.BindUpdate(update);
                update.Set("@ExpectedStatus", (int)expectedStatus);
                update.Set("@ExpectedAttempt", expectedAttempt);
                if (await update.ExecuteAsync(ct).ConfigureAwait(false) == 0) return false;
            }
            IReadOnlyList<StatusChange> changes = updated.Status != expectedStatus || note is not null
                ? [.. earlier ?? [], new StatusChange(updated.Status, updated.UpdatedAt, note)]
                : earlier ?? [];
            await AddTransitionsAsync(c, tx, updated.InstanceId, changes, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
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
        var (where, param) = InstanceFilter(query);
        param.Add("Limit", query.Limit);
        param.Add("Offset", query.Offset);
        var column = query.SortBy switch
        {
            InstanceSort.GmtCreate => "created_at",
            InstanceSort.GmtModified => "updated_at",
            InstanceSort.ExpectedTriggerTime => "expected_trigger_time",
            InstanceSort.ActualTriggerTime => "actual_trigger_time",
            InstanceSort.FinishedTime => "finished_time",
            InstanceSort.Status => "status",
            _ => "instance_id",
        };
        var direction = query.Ascending ? "ASC" : "DESC";
        var sql = $"SELECT {Instances.Select} FROM instance_info WHERE {where} " +
                  $"ORDER BY {column} {direction}, instance_id {direction} LIMIT @Limit OFFSET @Offset";
        return QueryListAsync<InstanceRow, InstanceRecord>(sql, param, r => r.ToRecord(), cancellationToken);
    }

    public Task<long> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, param) = InstanceFilter(query);
        return WithConnectionAsync(c => c.ExecuteScalarAsync<long>(Cmd(
            $"SELECT COUNT(*) FROM instance_info WHERE {where}", param, null, cancellationToken)), cancellationToken);
    }

    private static (string Where, DynamicParameters Param) InstanceFilter(InstanceQuery query)
    {
        var conditions = new List<string> { "app_id = @AppId" };
        var param = new DynamicParameters(new { query.AppId });
        void Add(string condition, string name, object? value)
        {
            if (value is null) return;
            conditions.Add(condition);
            param.Add(name, value);
        }
        Add("job_id = @JobId", "JobId", query.JobId);
        Add("instance_id = @InstanceIdEq", "InstanceIdEq", query.InstanceIdEq);
        Add("instance_id < @InstanceIdLt", "InstanceIdLt", query.InstanceIdLt);
        Add("instance_id > @InstanceIdGt", "InstanceIdGt", query.InstanceIdGt);
        Add("created_at >= @CreatedFrom", "CreatedFrom", UnixMs.From(query.CreatedFrom));
        Add("created_at < @CreatedTo", "CreatedTo", UnixMs.From(query.CreatedTo));
        Add("created_at < @CreatedBefore", "CreatedBefore", UnixMs.From(query.CreatedBefore));
        Add("created_at > @CreatedAfter", "CreatedAfter", UnixMs.From(query.CreatedAfter));
        Add("updated_at < @ModifiedBefore", "ModifiedBefore", UnixMs.From(query.ModifiedBefore));
        Add("updated_at > @ModifiedAfter", "ModifiedAfter", UnixMs.From(query.ModifiedAfter));
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
        return (string.Join(" AND ", conditions), param);
    }

    public Task<int> CountActiveInstancesAsync(long jobId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => c.ExecuteScalarAsync<int>(Cmd(
            $"SELECT COUNT(*) FROM instance_info WHERE job_id = @JobId AND status IN ({ActiveStatuses})",
            new { JobId = jobId }, null, cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListActiveInstancesAsync(long appId, CancellationToken cancellationToken = default) =>
        QueryListAsync<InstanceRow, InstanceRecord>(
            $"SELECT {Instances.Select} FROM instance_info WHERE app_id = @AppId AND status IN ({ActiveStatuses}) ORDER BY instance_id",
            new { AppId = appId }, r => r.ToRecord(), cancellationToken);

    // The stored row is what the record says, at the store's millisecond precision: returned without reading it back.
    private async Task<InstanceRecord> InsertInstanceAsync(DbConnection c, DbTransaction? tx, InstanceRecord instance,
        IReadOnlyList<StatusChange> transitions, CancellationToken cancellationToken)
    {
        var row = InstanceRow.From(instance);
        using (var insert = StatementOn(c, tx, InsertInstanceSql))
        {
            row.BindInsert(insert);
            row.InstanceId = await insert.ReadInt64Async(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the instance insert returned no id");
        }
        await AddTransitionsAsync(c, tx, row.InstanceId, transitions, cancellationToken).ConfigureAwait(false);
        return row.ToRecord();
    }

    private static async Task<InstanceRecord?> FindInstanceAsync(DbConnection c, DbTransaction? tx, long instanceId,
        CancellationToken cancellationToken) =>
        (await c.QuerySingleOrDefaultAsync<InstanceRow>(Cmd($"SELECT {Instances.Select} FROM instance_info WHERE instance_id = @Id",
            new { Id = instanceId }, tx, cancellationToken)).ConfigureAwait(false))?.ToRecord();

    private async Task AddTransitionsAsync(DbConnection c, DbTransaction? tx, long instanceId, IReadOnlyList<StatusChange> changes,
        CancellationToken cancellationToken)
    {
        for (var from = 0; from < changes.Count; from += TransitionsPerInsert)
        {
            var rows = Math.Min(TransitionsPerInsert, changes.Count - from);
            using var insert = StatementOn(c, tx, InsertTransitionsSql[rows - 1]);
            insert.Set("@InstanceId", instanceId);
            for (var i = 0; i < rows; i++)
            {
                var change = changes[from + i];
                insert.Set(StatusNames[i], (int)change.Status);
                insert.Set(ChangedAtNames[i], UnixMs.From(change.At));
                insert.Set(NoteNames[i], change.Note);
            }
            await insert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
