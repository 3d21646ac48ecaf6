using Dapper;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    private static readonly SqlTable WorkflowInstances = new("workflow_instance_info", "wf_instance_id",
    [
        "workflow_id", "app_id", "status", "dag", "wf_init_params", "wf_context", "result", "expected_trigger_time",
        "actual_trigger_time", "finished_time", "version", "created_at", "updated_at",
    ]);

    private static readonly string ActiveWorkflowStatuses =
        $"{(int)WorkflowInstanceStatus.Waiting}, {(int)WorkflowInstanceStatus.Running}";

    public Task<WorkflowInstanceRecord?> FireWorkflowAsync(long workflowId, DateTimeOffset? expectedNextTriggerTime,
        DateTimeOffset? newNextTriggerTime, WorkflowInstanceRecord instance, OwnerEpoch owner, CancellationToken cancellationToken = default)
    {
        var sql = "UPDATE workflow_info SET next_trigger_time = @New, last_fire_time = COALESCE(@Expected, last_fire_time) " +
                  $"WHERE id = @Id AND enabled = @Enabled AND {NullSafeEquals("next_trigger_time", "@Expected")}";
        var param = new { Id = workflowId, Expected = UnixMs.From(expectedNextTriggerTime), New = UnixMs.From(newNextTriggerTime), Enabled = true };
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            if (await c.ExecuteAsync(Cmd(sql, param, tx, ct)).ConfigureAwait(false) == 0) return null;
            return await InsertWorkflowInstanceAsync(c, tx, instance, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<WorkflowInstanceRecord> InsertWorkflowInstanceAsync(WorkflowInstanceRecord instance, OwnerEpoch owner,
        CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            return await InsertWorkflowInstanceAsync(c, tx, instance, ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<bool> UpdateWorkflowInstanceAsync(WorkflowInstanceRecord updated, long expectedVersion, OwnerEpoch owner,
        CancellationToken cancellationToken = default)
    {
        var sql = $"UPDATE workflow_instance_info SET {WorkflowInstances.SetAllExcept("workflow_id", "app_id", "created_at")} " +
                  "WHERE wf_instance_id = @WfInstanceId AND version = @ExpectedVersion";
        var param = new DynamicParameters(WorkflowInstanceRow.From(updated with { Version = expectedVersion + 1 }));
        param.Add("ExpectedVersion", expectedVersion);
        return WriteAsync(async (c, tx, ct) =>
        {
            await FenceAsync(c, tx, owner, ct).ConfigureAwait(false);
            return await c.ExecuteAsync(Cmd(sql, param, tx, ct)).ConfigureAwait(false) > 0;
        }, cancellationToken);
    }

    public Task<WorkflowInstanceRecord?> FindWorkflowInstanceAsync(long wfInstanceId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
            (await c.QuerySingleOrDefaultAsync<WorkflowInstanceRow>(Cmd(
                $"SELECT {WorkflowInstances.Select} FROM workflow_instance_info WHERE wf_instance_id = @Id",
                new { Id = wfInstanceId }, null, cancellationToken)).ConfigureAwait(false))?.ToRecord(),
            cancellationToken);

    public Task<IReadOnlyList<WorkflowInstanceRecord>> ListActiveWorkflowInstancesAsync(long appId, CancellationToken cancellationToken = default) =>
        QueryListAsync<WorkflowInstanceRow, WorkflowInstanceRecord>(
            $"SELECT {WorkflowInstances.Select} FROM workflow_instance_info WHERE app_id = @AppId AND status IN ({ActiveWorkflowStatuses}) ORDER BY wf_instance_id",
            new { AppId = appId }, r => r.ToRecord(), cancellationToken);

    public Task<int> CountActiveWorkflowInstancesAsync(long workflowId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => c.ExecuteScalarAsync<int>(Cmd(
            $"SELECT COUNT(*) FROM workflow_instance_info WHERE workflow_id = @Id AND status IN ({ActiveWorkflowStatuses})",
            new { Id = workflowId }, null, cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<WorkflowInstanceRecord>> ListWorkflowInstancesAsync(long workflowId, int limit,
        CancellationToken cancellationToken = default) =>
        QueryListAsync<WorkflowInstanceRow, WorkflowInstanceRecord>(
            $"SELECT {WorkflowInstances.Select} FROM workflow_instance_info WHERE workflow_id = @Id ORDER BY wf_instance_id DESC LIMIT @Limit",
            new { Id = workflowId, Limit = limit }, r => r.ToRecord(), cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListNodeInstancesAsync(long wfInstanceId, CancellationToken cancellationToken = default) =>
        QueryListAsync<InstanceRow, InstanceRecord>(
            $"SELECT {Instances.Select} FROM instance_info WHERE wf_instance_id = @Id ORDER BY instance_id",
            new { Id = wfInstanceId }, r => r.ToRecord(), cancellationToken);

    private async Task<WorkflowInstanceRecord> InsertWorkflowInstanceAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx,
        WorkflowInstanceRecord instance, CancellationToken cancellationToken)
    {
        var id = await c.ExecuteScalarAsync<long>(Cmd(InsertReturningId(WorkflowInstances.Insert(), "wf_instance_id"),
            WorkflowInstanceRow.From(instance with { Version = 1 }), tx, cancellationToken)).ConfigureAwait(false);
        return instance with { WfInstanceId = id, Version = 1 };
    }
}
