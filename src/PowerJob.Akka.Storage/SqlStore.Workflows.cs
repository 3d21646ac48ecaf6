using System.Text.Json;
using Dapper;
using PowerJob.Akka.Model;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    private static readonly SqlTable Workflows = new("workflow_info", "id",
    [
        "app_id", "wf_name", "wf_description", "time_expression_type", "time_expression", "time_zone", "max_wf_instance_num",
        "enabled", "pe_dag", "next_trigger_time", "last_fire_time", "created_at", "updated_at",
    ]);

    private static readonly SqlTable WorkflowNodes = new("workflow_node_info", "id",
        ["app_id", "workflow_id", "job_id", "node_name", "node_params", "enabled", "skip_when_failed", "created_at", "updated_at"]);

    public Task<long> InsertWorkflowAsync(WorkflowRecord workflow, CancellationToken cancellationToken = default)
    {
        var row = WorkflowRow.From(workflow);
        return WriteAsync((c, tx, ct) => c.ExecuteScalarAsync<long>(Cmd(InsertReturningId(Workflows.Insert(), "id"), row, tx, ct)),
            cancellationToken);
    }

    public Task<bool> UpdateWorkflowAsync(WorkflowRecord workflow, CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync(
            $"UPDATE workflow_info SET {Workflows.SetAllExcept("app_id", "created_at", "next_trigger_time", "last_fire_time")} WHERE id = @Id",
            WorkflowRow.From(workflow), cancellationToken);

    public Task<WorkflowRecord?> FindWorkflowAsync(long workflowId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
            (await c.QuerySingleOrDefaultAsync<WorkflowRow>(Cmd($"SELECT {Workflows.Select} FROM workflow_info WHERE id = @Id",
                new { Id = workflowId }, null, cancellationToken)).ConfigureAwait(false))?.ToRecord(),
            cancellationToken);

    public Task<IReadOnlyList<WorkflowRecord>> ListWorkflowsAsync(long appId, CancellationToken cancellationToken = default) =>
        QueryListAsync<WorkflowRow, WorkflowRecord>($"SELECT {Workflows.Select} FROM workflow_info WHERE app_id = @AppId ORDER BY id",
            new { AppId = appId }, r => r.ToRecord(), cancellationToken);

    public Task<bool> DeleteWorkflowAsync(long workflowId, CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync("DELETE FROM workflow_info WHERE id = @Id", new { Id = workflowId }, cancellationToken);

    public Task<bool> SetWorkflowEnabledAsync(long workflowId, bool enabled, DateTimeOffset? nextTriggerTime,
        CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync(
            "UPDATE workflow_info SET enabled = @Enabled, next_trigger_time = @Next, updated_at = @UpdatedAt WHERE id = @Id AND enabled <> @Enabled",
            new { Id = workflowId, Enabled = enabled, Next = UnixMs.From(nextTriggerTime), UpdatedAt = UnixMs.From(Clock.GetUtcNow()) },
            cancellationToken);

    public Task<bool> RescheduleWorkflowAsync(long workflowId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? nextTriggerTime,
        CancellationToken cancellationToken = default) =>
        ExecuteChangedAsync(
            $"UPDATE workflow_info SET next_trigger_time = @Next WHERE id = @Id AND {NullSafeEquals("next_trigger_time", "@Expected")}",
            new { Id = workflowId, Expected = UnixMs.From(expectedNextTriggerTime), Next = UnixMs.From(nextTriggerTime) },
            cancellationToken);

    public Task<IReadOnlyList<WorkflowRecord>> ListSchedulableWorkflowsAsync(long appId, CancellationToken cancellationToken = default) =>
        QueryListAsync<WorkflowRow, WorkflowRecord>(
            $"SELECT {Workflows.Select} FROM workflow_info WHERE app_id = @AppId AND enabled = @Enabled AND time_expression_type IN (@Cron, @FixedRate) ORDER BY id",
            new { AppId = appId, Enabled = true, Cron = (int)TimeExpressionType.Cron, FixedRate = (int)TimeExpressionType.FixedRate },
            r => r.ToRecord(), cancellationToken);

    public Task<IReadOnlyList<WorkflowNodeRecord>> SaveWorkflowNodesAsync(IReadOnlyList<WorkflowNodeRecord> nodes,
        CancellationToken cancellationToken = default)
    {
        var insert = InsertReturningId(WorkflowNodes.Insert(), "id");
        var update = $"UPDATE workflow_node_info SET {WorkflowNodes.SetAllExcept("app_id", "created_at")} WHERE id = @Id AND app_id = @AppId";
        return WriteAsync<IReadOnlyList<WorkflowNodeRecord>>(async (c, tx, ct) =>
        {
            var saved = new List<WorkflowNodeRecord>();
            foreach (var node in nodes)
            {
                var row = WorkflowNodeRow.From(node);
                if (node.Id == 0) saved.Add(node with { Id = await c.ExecuteScalarAsync<long>(Cmd(insert, row, tx, ct)).ConfigureAwait(false) });
                else if (await c.ExecuteAsync(Cmd(update, row, tx, ct)).ConfigureAwait(false) == 1) saved.Add(node);
                else throw new InvalidOperationException($"workflow node {node.Id} is unknown in app {node.AppId}");
            }
            return saved;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<WorkflowNodeRecord>> FindWorkflowNodesAsync(long appId, IReadOnlyCollection<long> nodeIds,
        CancellationToken cancellationToken = default)
    {
        if (nodeIds.Count == 0) return Task.FromResult<IReadOnlyList<WorkflowNodeRecord>>([]);
        var param = new DynamicParameters(new { AppId = appId });
        var names = nodeIds.Distinct().Select((id, i) => { param.Add("N" + i, id); return "@N" + i; }).ToList();
        return QueryListAsync<WorkflowNodeRow, WorkflowNodeRecord>(
            $"SELECT {WorkflowNodes.Select} FROM workflow_node_info WHERE app_id = @AppId AND id IN ({string.Join(", ", names)})",
            param, r => r.ToRecord(), cancellationToken);
    }

    internal static string DagJson(WorkflowDag dag) => JsonSerializer.Serialize(dag, WireJson.Options);

    internal static WorkflowDag ReadDag(string json) => JsonSerializer.Deserialize<WorkflowDag>(json, WireJson.Options) ?? new WorkflowDag();
}
