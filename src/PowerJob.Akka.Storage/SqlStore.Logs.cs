using System.Data;
using System.Text;
using Dapper;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    // Rows per multi-row INSERT: 5 parameters each stays far below both databases' parameter limits.
    private const int LogBatchRows = 200;

    public async Task AppendLogsAsync(IReadOnlyList<InstanceLogLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0) return;
        await WriteAsync(async (c, tx, ct) =>
        {
            foreach (var batch in lines.Chunk(LogBatchRows))
            {
                var sql = new StringBuilder("INSERT INTO instance_log (instance_id, log_time, log_level, content, worker_address) VALUES ");
                var param = new DynamicParameters();
                for (var i = 0; i < batch.Length; i++)
                {
                    var line = batch[i];
                    sql.Append(i == 0 ? "" : ", ").Append($"(@I{i}, @T{i}, @L{i}, @C{i}, @W{i})");
                    param.Add("I" + i, line.InstanceId);
                    param.Add("T" + i, UnixMs.From(line.Time));
                    param.Add("L" + i, line.Level);
                    param.Add("C" + i, line.Content);
                    param.Add("W" + i, line.WorkerAddress, DbType.String);
                }
                await c.ExecuteAsync(Cmd(sql.ToString(), param, tx, ct)).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<InstanceLogLine>> ReadLogsAsync(long instanceId, CancellationToken cancellationToken = default) =>
        QueryListAsync<LogRow, InstanceLogLine>(
            "SELECT instance_id AS InstanceId, log_time AS LogTime, log_level AS LogLevel, content AS Content, " +
            "worker_address AS WorkerAddress FROM instance_log WHERE instance_id = @InstanceId ORDER BY log_time, id",
            new { InstanceId = instanceId }, r => r.ToRecord(), cancellationToken);
}
