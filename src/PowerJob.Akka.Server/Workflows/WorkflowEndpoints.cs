using System.Text.Json;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>
/// PowerJob's workflow OpenAPI: <c>saveWorkflow</c>, <c>copyWorkflow</c>, <c>fetchWorkflow</c>, <c>enableWorkflow</c>,
/// <c>disableWorkflow</c>, <c>deleteWorkflow</c>, <c>saveWorkflowNode</c> (alias <c>addWorkflowNode</c>). A refused save changes nothing.
/// </summary>
public static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflows(this IEndpointRouteBuilder web)
    {
        JobEndpoints.Map(web, "saveWorkflow", SaveWorkflowAsync);
        JobEndpoints.Map(web, "fetchWorkflow", async (p, s, ct) =>
            WorkflowInfoDto.From(await RequireWorkflowAsync(p, s, await s.RequireAppAsync(p, ct), ct)));
        JobEndpoints.Map(web, "fetchAllWorkflow", async (p, s, ct) =>
            (await s.Store.ListWorkflowsAsync((await s.RequireAppAsync(p, ct)).Id, ct)).Select(WorkflowInfoDto.From).ToList());
        JobEndpoints.Map(web, "enableWorkflow", (p, s, ct) => SetEnabledAsync(p, s, true, ct));
        JobEndpoints.Map(web, "disableWorkflow", (p, s, ct) => SetEnabledAsync(p, s, false, ct));
        JobEndpoints.Map(web, "deleteWorkflow", async (p, s, ct) =>
        {
            var app = await s.RequireAppAsync(p, ct);
            var workflow = await RequireWorkflowAsync(p, s, app, ct);
            await s.Store.DeleteWorkflowAsync(workflow.Id, ct);
            s.Apps.Tell(new WorkflowChanged(app.Id, workflow.Id));
            return (object?)null;
        });
        JobEndpoints.Map(web, "copyWorkflow", async (p, s, ct) =>
        {
            var app = await s.RequireAppAsync(p, ct);
            var workflow = await RequireWorkflowAsync(p, s, app, ct);
            var now = s.Time.GetUtcNow();
            var next = workflow.Enabled ? Scheduling.TimeExpression.Parse(workflow.TimeExpressionType, workflow.TimeExpression, workflow.TimeZone).NextAfter(now) : null;
            var id = await s.Store.InsertWorkflowAsync(workflow with
            {
                Id = 0, WfName = workflow.WfName + "_COPY", NextTriggerTime = next, LastFireTime = null, CreatedAt = now, UpdatedAt = now,
            }, ct);
            s.Apps.Tell(new WorkflowChanged(app.Id, id));
            return id;
        });
        JobEndpoints.Map(web, "saveWorkflowNode", SaveNodesAsync);
        JobEndpoints.Map(web, "addWorkflowNode", SaveNodesAsync);
        return web;
    }

    public static async Task<long> SaveWorkflowAsync(RequestParameters p, OpenApiServices s, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var existing = p["id"] is { Length: > 0 } id && id != "null" ? await RequireWorkflowAsync(p, s, app, ct, "id") : null;
        var workflow = await SaveWorkflowRequest.ParseAsync(p, app, existing, s, ct);
        long workflowId;
        if (existing is null) workflowId = await s.Store.InsertWorkflowAsync(workflow, ct);
        else
        {
            workflowId = existing.Id;
            await s.Store.UpdateWorkflowAsync(workflow, ct);
            if (existing.NextTriggerTime != workflow.NextTriggerTime)
                await s.Store.RescheduleWorkflowAsync(workflowId, existing.NextTriggerTime, workflow.NextTriggerTime, ct);
        }
        s.Apps.Tell(new WorkflowChanged(app.Id, workflowId));
        return workflowId;
    }

    public static async Task<object?> SetEnabledAsync(RequestParameters p, OpenApiServices s, bool enabled, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var workflow = await RequireWorkflowAsync(p, s, app, ct);
        if (workflow.Enabled == enabled) return null;
        var next = enabled
            ? Scheduling.TimeExpression.Parse(workflow.TimeExpressionType, workflow.TimeExpression, workflow.TimeZone)
                .NextAfter(SaveWorkflowRequest.Later(s.Time.GetUtcNow(), workflow.LastFireTime))
            : null;
        if (await s.Store.SetWorkflowEnabledAsync(workflow.Id, enabled, next, ct)) s.Apps.Tell(new WorkflowChanged(app.Id, workflow.Id));
        return null;
    }

    /// <summary>A JSON array of PowerJob's <c>SaveWorkflowNodeRequest</c> (or one object); returns the saved nodes with their ids.</summary>
    private static async Task<object?> SaveNodesAsync(RequestParameters p, OpenApiServices s, CancellationToken ct)
    {
        if (p.Body is not { } body || body.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            throw new OpenApiValidationException("expected a JSON body: an array of nodes [{appId, jobId, nodeName, nodeParams, enable, skipWhenFailed}]");
        var items = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [body];
        if (items.Count == 0) throw new OpenApiValidationException("the node list is empty");
        var requests = items.Select(i => i.Deserialize<NodeRequest>(WireJson.Options) ?? new NodeRequest()).ToList();
        var appId = p["appId"] is { Length: > 0 } a && body.ValueKind == JsonValueKind.Array ? a : requests[0].AppId?.ToString();
        var app = await s.RequireAppAsync(RequestParameters.From([new("appId", appId)]), ct);
        var now = s.Time.GetUtcNow();
        var nodes = new List<WorkflowNodeRecord>();
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (r.AppId is { } other && other != app.Id)
                throw new OpenApiValidationException($"node at index {i}: appId {other} differs from appId {app.Id} of the request", "appId");
            if (r.Type is { } type && type != 1) throw new OpenApiValidationException($"node at index {i}: type {type} is not supported; only JOB (1)", "type");
            if (r.JobId is not { } jobId) throw new OpenApiValidationException($"node at index {i}: jobId is required", "jobId");
            await s.RequireJobAsync(app, jobId, ct);
            var existing = r.Id is { } id ? (await s.Store.FindWorkflowNodesAsync(app.Id, [id], ct)).FirstOrDefault()
                ?? throw new OpenApiValidationException($"node at index {i}: id {id} is not a saved node of app '{app.AppName}'", "id") : null;
            nodes.Add(new WorkflowNodeRecord
            {
                Id = existing?.Id ?? 0, AppId = app.Id, WorkflowId = r.WorkflowId ?? existing?.WorkflowId, JobId = jobId, NodeName = r.NodeName,
                NodeParams = r.NodeParams, Enabled = r.Enable ?? true, SkipWhenFailed = r.SkipWhenFailed ?? false,
                CreatedAt = existing?.CreatedAt ?? now, UpdatedAt = now,
            });
        }
        return (await s.Store.SaveWorkflowNodesAsync(nodes, ct)).Select(WorkflowNodeInfoDto.From).ToList();
    }

    public static async Task<WorkflowRecord> RequireWorkflowAsync(RequestParameters p, OpenApiServices s, AppRecord app, CancellationToken ct,
        string field = "workflowId")
    {
        var workflowId = OpenApiCall.RequiredLong(p, field);
        var workflow = await s.Store.FindWorkflowAsync(workflowId, ct);
        if (workflow is null || workflow.AppId != app.Id)
            throw new OpenApiValidationException($"{field} {workflowId} is unknown in app '{app.AppName}' (appId {app.Id})", field);
        return workflow;
    }

    private sealed record NodeRequest
    {
        public long? Id { get; init; }
        public long? AppId { get; init; }
        public long? WorkflowId { get; init; }
        public int? Type { get; init; }
        public long? JobId { get; init; }
        public string? NodeName { get; init; }
        public string? NodeParams { get; init; }
        public bool? Enable { get; init; }
        public bool? SkipWhenFailed { get; init; }
    }
}
