using System.Globalization;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>
/// PowerJob's workflow instance OpenAPI: <c>runWorkflow</c>, <c>fetchWfInstanceInfo</c>, <c>stopWfInstance</c>,
/// <c>retryWfInstance</c>, <c>markWorkflowNodeAsSuccess</c>. Runs and commands go to the app's entity.
/// </summary>
public static class WorkflowInstanceEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowInstances(this IEndpointRouteBuilder web)
    {
        JobEndpoints.Map(web, "runWorkflow", RunWorkflowAsync);
        JobEndpoints.Map(web, "fetchWfInstanceInfo", async (p, s, ct) =>
        {
            var app = await s.RequireAppAsync(p, ct);
            var id = OpenApiCall.RequiredLong(p, "wfInstanceId");
            var instance = await s.Store.FindWorkflowInstanceAsync(id, ct);
            if (instance is null || instance.AppId != app.Id)
                throw new OpenApiValidationException($"wfInstanceId {id} is unknown in app '{app.AppName}' (appId {app.Id})", "wfInstanceId");
            return WorkflowInstanceInfoDto.From(instance);
        });
        JobEndpoints.Map(web, "stopWfInstance", (p, s, ct) => CommandAsync(p, s, WorkflowCommand.Stop, ct));
        JobEndpoints.Map(web, "retryWfInstance", (p, s, ct) => CommandAsync(p, s, WorkflowCommand.Retry, ct));
        JobEndpoints.Map(web, "markWorkflowNodeAsSuccess", (p, s, ct) => CommandAsync(p, s, WorkflowCommand.MarkNodeSuccess, ct));
        return web;
    }

    /// <summary>Starts the workflow now (or after <c>delay</c> ms) with <c>initParams</c>; returns the workflow instance id.</summary>
    public static async Task<long> RunWorkflowAsync(RequestParameters p, OpenApiServices s, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var workflow = await WorkflowEndpoints.RequireWorkflowAsync(p, s, app, ct);
        var delay = p["delay"] is { Length: > 0 } raw && raw != "null"
            ? long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0
                ? ms
                : throw new OpenApiValidationException($"delay '{raw}' is invalid: expected milliseconds, 0 or more", "delay")
            : 0;
        try
        {
            return (await s.Apps.AskAsync<WorkflowInstanceCreated>(new RunWorkflowRequest(app.Id, workflow.Id, p["initParams"], delay), ct))
                .WfInstanceId;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new OpenApiValidationException(e.Message, "workflowId");
        }
    }

    public static async Task<object?> CommandAsync(RequestParameters p, OpenApiServices s, string kind, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var wfInstanceId = OpenApiCall.RequiredLong(p, "wfInstanceId");
        long? nodeId = kind == WorkflowCommand.MarkNodeSuccess ? OpenApiCall.RequiredLong(p, "nodeId") : null;
        var result = await s.Apps.AskAsync<WorkflowCommandResult>(new WorkflowCommand(kind, app.Id, wfInstanceId, nodeId), ct);
        return result.Success ? null : throw new OpenApiValidationException(result.Message);
    }
}
