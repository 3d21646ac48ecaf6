using Dapper;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    private static readonly SqlTable Jobs = new("job_info", "id",
    [
        "app_id", "job_name", "description", "processor_info", "execute_type", "time_expression_type", "time_expression",
        "time_zone", "job_params", "max_instance_num", "instance_retry_num", "task_retry_num", "instance_time_limit_ms",
        "dispatch_strategy", "designated_workers", "max_worker_count", "concurrency", "enabled", "next_trigger_time",
        "created_at", "updated_at", "last_fire_time", "processor_type", "tag", "extra", "log_config", "advanced_runtime_config",
        "dispatch_strategy_config", "notify_user_ids", "life_cycle", "alarm_config", "min_cpu_cores", "min_memory_space",
        "min_disk_space",
    ]);

    public Task<long> InsertJobAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var row = JobRow.From(job);
        return WriteAsync((c, tx, ct) => c.ExecuteScalarAsync<long>(Cmd(InsertReturningId(Jobs.Insert(), "id"), row, tx, ct)),
            cancellationToken);
    }

    public Task<bool> UpdateJobAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        // The trigger times belong to the scheduler (claims) and to RescheduleJobAsync; writing back a next trigger time read
        // earlier could hand out a due time that was claimed meanwhile.
        var sql = $"UPDATE job_info SET {Jobs.SetAllExcept("app_id", "created_at", "next_trigger_time", "last_fire_time")} WHERE id = @Id";
        return ExecuteChangedAsync(sql, JobRow.From(job), cancellationToken);
    }

    public Task<JobRecord?> FindJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
            (await c.QuerySingleOrDefaultAsync<JobRow>(Cmd($"SELECT {Jobs.Select} FROM job_info WHERE id = @Id",
                new { Id = jobId }, null, cancellationToken)).ConfigureAwait(false))?.ToRecord(),
            cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(long appId, CancellationToken cancellationToken = default) =>
        QueryListAsync<JobRow, JobRecord>($"SELECT {Jobs.Select} FROM job_info WHERE app_id = @AppId ORDER BY id",
            new { AppId = appId }, r => r.ToRecord(), cancellationToken);

    public Task<bool> DeleteJobAsync(long jobId, CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync("DELETE FROM job_info WHERE id = @Id", new { Id = jobId }, cancellationToken);

    public Task<bool> SetJobEnabledAsync(long jobId, bool enabled, DateTimeOffset? nextTriggerTime,
        CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync(
            "UPDATE job_info SET enabled = @Enabled, next_trigger_time = @NextTriggerTime, updated_at = @UpdatedAt WHERE id = @Id AND enabled <> @Enabled",
            new
            {
                Id = jobId, Enabled = enabled, NextTriggerTime = UnixMs.From(nextTriggerTime),
                UpdatedAt = UnixMs.From(Clock.GetUtcNow()),
            },
            cancellationToken);

    public Task<bool> RescheduleJobAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? nextTriggerTime,
        CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync(
            $"UPDATE job_info SET next_trigger_time = @Next, updated_at = @UpdatedAt WHERE id = @Id AND {NullSafeEquals("next_trigger_time", "@Expected")}",
            new
            {
                Id = jobId, Expected = UnixMs.From(expectedNextTriggerTime), Next = UnixMs.From(nextTriggerTime),
                UpdatedAt = UnixMs.From(Clock.GetUtcNow()),
            },
            cancellationToken);

    public Task<bool> ScheduleNextDelayAsync(long jobId, DateTimeOffset nextTriggerTime, CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync(
            "UPDATE job_info SET next_trigger_time = @NextTriggerTime, updated_at = @UpdatedAt " +
            "WHERE id = @Id AND enabled = @Enabled AND next_trigger_time IS NULL AND time_expression_type = @FixedDelay",
            new
            {
                Id = jobId, Enabled = true, NextTriggerTime = UnixMs.From(nextTriggerTime), UpdatedAt = UnixMs.From(Clock.GetUtcNow()),
                FixedDelay = (int)TimeExpressionType.FixedDelay,
            },
            cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListSchedulableJobsAsync(long appId, CancellationToken cancellationToken = default) =>
        QueryListAsync<JobRow, JobRecord>(
            $"SELECT {Jobs.Select} FROM job_info WHERE app_id = @AppId AND enabled = @Enabled AND time_expression_type NOT IN (@Api, @Workflow) ORDER BY id",
            new { AppId = appId, Enabled = true, Api = (int)TimeExpressionType.Api, Workflow = (int)TimeExpressionType.Workflow }, r => r.ToRecord(), cancellationToken);

    private Task<bool> ExecuteChangedAsync(string sql, object param, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) => await c.ExecuteAsync(Cmd(sql, param, tx, ct)).ConfigureAwait(false) > 0,
            cancellationToken);
}
