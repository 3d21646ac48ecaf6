using System.Text.Json;
using PowerJob.Akka.Model;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>
/// PowerJob's <c>SaveWorkflowRequest</c> (JSON body or form fields with <c>dag</c> as JSON), validated into a
/// <see cref="WorkflowRecord"/>. A DAG node without a <c>jobId</c> takes its fields from the saved node
/// (<c>saveWorkflowNode</c>) with its id; every node's job must be a job of the app. Nothing is written here.
/// </summary>
public static class SaveWorkflowRequest
{
    public static async Task<WorkflowRecord> ParseAsync(RequestParameters p, AppRecord app, WorkflowRecord? existing, OpenApiServices s,
        CancellationToken ct)
    {
        var type = SaveJobRequest.Enum(p, "timeExpressionType", existing?.TimeExpressionType ?? TimeExpressionType.Api);
        if (type is not (TimeExpressionType.Api or TimeExpressionType.Cron or TimeExpressionType.FixedRate))
            throw new OpenApiValidationException(
                $"timeExpressionType '{p["timeExpressionType"]}' is invalid for a workflow: allowed values are API (1), CRON (2), FIXED_RATE (3)",
                "timeExpressionType");
        var expression = p["timeExpression"] ?? existing?.TimeExpression;
        var zone = p["timeZone"] ?? existing?.TimeZone;
        TimeExpression trigger;
        try
        {
            trigger = TimeExpression.Parse(type, expression, zone);
        }
        catch (InvalidTimeExpressionException e)
        {
            throw new OpenApiValidationException(e.Message, e.Field);
        }
        var name = p["wfName"] ?? existing?.WfName;
        if (string.IsNullOrWhiteSpace(name)) throw new OpenApiValidationException("wfName is required", "wfName");
        if (name.Length > 128) throw new OpenApiValidationException($"wfName is {name.Length} characters long; at most 128 are allowed", "wfName");
        var maxInstances = p["maxWfInstanceNum"] is { Length: > 0 } rawMax && rawMax != "null"
            ? int.TryParse(rawMax, out var max) && max >= 0 ? max
                : throw new OpenApiValidationException($"maxWfInstanceNum '{rawMax}' is invalid: expected a whole number, 0 (unlimited) or more", "maxWfInstanceNum")
            : existing?.MaxWfInstanceNum ?? 1;
        var enabled = p["enable"] is { Length: > 0 } rawEnable && rawEnable != "null"
            ? bool.TryParse(rawEnable, out var on) ? on : throw new OpenApiValidationException($"enable '{rawEnable}' is invalid: expected true or false", "enable")
            : existing?.Enabled ?? true;
        var dag = p["dag"] is { Length: > 0 } rawDag && rawDag != "null" ? ParseDag(rawDag) : existing?.Dag
            ?? throw new OpenApiValidationException("dag is required: a workflow needs at least one node", "dag");
        DagValidation.Check(dag);
        dag = await ResolveNodesAsync(dag, app, s, ct);
        var now = s.Time.GetUtcNow();
        var sameSchedule = existing is { Enabled: true } && existing.TimeExpressionType == type
            && existing.TimeExpression == expression?.Trim() && existing.TimeZone == (string.IsNullOrWhiteSpace(zone) ? null : zone.Trim());
        return new WorkflowRecord
        {
            Id = existing?.Id ?? 0,
            AppId = app.Id,
            WfName = name.Trim(),
            WfDescription = p["wfDescription"] ?? existing?.WfDescription,
            TimeExpressionType = type,
            TimeExpression = type == TimeExpressionType.Api ? null : expression?.Trim(),
            TimeZone = string.IsNullOrWhiteSpace(zone) ? null : zone.Trim(),
            MaxWfInstanceNum = maxInstances,
            Enabled = enabled,
            Dag = dag,
            NextTriggerTime = !enabled ? null : sameSchedule ? existing!.NextTriggerTime : trigger.NextAfter(Later(now, existing?.LastFireTime)),
            LastFireTime = existing?.LastFireTime,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        };
    }

    /// <summary>A schedule's next fire after a change comes after its last claimed fire, so a claimed due time is never handed out again.</summary>
    public static DateTimeOffset Later(DateTimeOffset now, DateTimeOffset? lastFire) => lastFire is { } last && last > now ? last : now;

    public static WorkflowDag ParseDag(string json)
    {
        try
        {
            var dag = JsonSerializer.Deserialize<WorkflowDag>(json, WireJson.Options);
            return dag is null ? new WorkflowDag() : dag with { Nodes = dag.Nodes ?? [], Edges = dag.Edges ?? [] };
        }
        catch (JsonException e)
        {
            throw new OpenApiValidationException($"dag is not a valid DAG ({{\"nodes\": [...], \"edges\": [...]}}): {e.Message}", "dag");
        }
    }

    /// <summary>Fills nodes without a job from their saved nodes, and checks every node's job belongs to the app.</summary>
    public static async Task<WorkflowDag> ResolveNodesAsync(WorkflowDag dag, AppRecord app, OpenApiServices s, CancellationToken ct)
    {
        var saved = (await s.Store.FindWorkflowNodesAsync(app.Id, dag.Nodes.Where(n => n.JobId <= 0).Select(n => n.NodeId).ToList(), ct))
            .ToDictionary(n => n.Id);
        var nodes = new List<WorkflowNode>();
        foreach (var node in dag.Nodes)
        {
            var resolved = node;
            if (node.JobId <= 0)
            {
                if (!saved.TryGetValue(node.NodeId, out var info))
                    throw new OpenApiValidationException(
                        $"dag node {node.NodeId} has no jobId, and app '{app.AppName}' has no saved node (saveWorkflowNode) with id {node.NodeId}", "dag");
                resolved = node with
                {
                    JobId = info.JobId, NodeName = info.NodeName, NodeParams = info.NodeParams, Enable = info.Enabled, SkipWhenFailed = info.SkipWhenFailed,
                };
            }
            var job = await s.Store.FindJobAsync(resolved.JobId, ct);
            var label = $"dag node {node.NodeId}{(resolved.NodeName is { } n ? $" ('{n}')" : "")}";
            if (job is null)
                throw new OpenApiValidationException($"{label}: jobId {resolved.JobId} is unknown in app '{app.AppName}' (appId {app.Id})", "dag");
            if (job.AppId != app.Id)
                throw new OpenApiValidationException(
                    $"{label}: jobId {resolved.JobId} belongs to appId {job.AppId}, not to app '{app.AppName}' (appId {app.Id})", "dag");
            nodes.Add(resolved with { NodeName = resolved.NodeName ?? job.JobName, Status = null, InstanceId = null, Result = null });
        }
        return dag with { Nodes = nodes };
    }
}
