using Dapper;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    private static readonly string FinalStatuses =
        string.Join(", ", Enum.GetValues<InstanceStatus>().Where(s => s.IsFinal()).Select(s => (int)s));

    public Task<CleanupCount> DeleteFinishedInstancesAsync(InstanceCleanup cleanup, CancellationToken cancellationToken = default)
    {
        var (candidates, param) = Candidates(cleanup);
        // Children first, then the instances, in one transaction; each statement picks the same oldest batch because
        // deleting children does not change which instances qualify.
        return WriteAsync(async (c, tx, ct) =>
        {
            var transitions = await c.ExecuteAsync(Cmd(
                $"DELETE FROM instance_transition WHERE instance_id IN ({candidates})", param, tx, ct)).ConfigureAwait(false);
            var logs = await c.ExecuteAsync(Cmd(
                $"DELETE FROM instance_log WHERE instance_id IN ({candidates})", param, tx, ct)).ConfigureAwait(false);
            var instances = await c.ExecuteAsync(Cmd(
                $"DELETE FROM instance_info WHERE instance_id IN ({candidates})", param, tx, ct)).ConfigureAwait(false);
            return new CleanupCount(instances, transitions, logs);
        }, cancellationToken);
    }

    public Task<int> DeleteFinishedInstanceLogsAsync(InstanceCleanup cleanup, CancellationToken cancellationToken = default)
    {
        var (candidates, param) = Candidates(cleanup, forLogs: true);
        return WriteAsync((c, tx, ct) => c.ExecuteAsync(Cmd(
            $"DELETE FROM instance_log WHERE id IN ({candidates})", param, tx, ct)), cancellationToken);
    }

    /// <summary>
    /// The batch as a sub-query: instance ids, or with <paramref name="forLogs"/> the ids of their log lines (so a batch
    /// is counted in lines and an instance whose lines are gone is not picked again).
    /// </summary>
    private static (string Sql, DynamicParameters Param) Candidates(InstanceCleanup cleanup, bool forLogs = false)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cleanup.Limit);
        var param = new DynamicParameters(new { cleanup.AppId, Before = UnixMs.From(cleanup.FinishedBefore), cleanup.Limit });
        var job = "NOT EXISTS (SELECT 1 FROM job_info j WHERE j.id = i.job_id)";
        if (cleanup.JobId is { } jobId)
        {
            job = "i.job_id = @JobId";
            param.Add("JobId", jobId);
        }
        var where = $"i.app_id = @AppId AND {job} AND i.status IN ({FinalStatuses}) AND COALESCE(i.finished_time, i.updated_at) < @Before";
        var sql = forLogs
            ? $"SELECT l.id FROM instance_log l JOIN instance_info i ON i.instance_id = l.instance_id WHERE {where} ORDER BY l.id LIMIT @Limit"
            : $"SELECT i.instance_id FROM instance_info i WHERE {where} ORDER BY i.instance_id LIMIT @Limit";
        return (sql, param);
    }
}
