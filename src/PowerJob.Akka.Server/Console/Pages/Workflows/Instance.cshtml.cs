using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Workflows;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Workflows;

/// <summary>
/// One workflow instance: its status and context, and each node's status, job instance and result on the DAG; stop, retry,
/// and mark a failed or stopped node as success.
/// </summary>
public sealed class WorkflowInstanceModel(ConsoleData data) : ConsolePage(data)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public long WfInstanceId { get; private set; }
    public WorkflowInstanceRecord? Instance { get; private set; }
    public WorkflowRecord? Workflow { get; private set; }
    public WorkflowDiagram? Diagram { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        WfInstanceId = id;
        Instance = await Data.Api.Store.FindWorkflowInstanceAsync(id, ct) is { } i && i.AppId == AppId ? i : null;
        if (Instance is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Workflow = await Data.Api.Store.FindWorkflowAsync(Instance.WorkflowId, ct);
        Diagram = new WorkflowDiagram(Instance.Dag, await Data.JobNamesAsync(AppId, ct));
        return Page();
    }

    /// <summary>The instance's status and its nodes' statuses, for the page's follower: it reloads when they change.</summary>
    public async Task<IActionResult> OnGetFollowAsync(long id, CancellationToken ct) =>
        await Data.Api.Store.FindWorkflowInstanceAsync(id, ct) is { } i && i.AppId == AppId
            ? new JsonResult(new { state = State(i) })
            : NotFound();

    public Task<IActionResult> OnPostStopAsync(long id, CancellationToken ct) => CommandAsync(id, WorkflowCommand.Stop, "stopped", ct);

    public Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct) => CommandAsync(id, WorkflowCommand.Retry, "retried", ct);

    public Task<IActionResult> OnPostMarkSuccessAsync(long id, long nodeId, CancellationToken ct) =>
        CommandAsync(id, WorkflowCommand.MarkNodeSuccess, $"node {nodeId} marked as success", ct, ("nodeId", nodeId));

    public static string State(WorkflowInstanceRecord instance) =>
        $"{instance.Status.WireName()} {string.Join(",", instance.Dag.Nodes.Select(n => $"{n.NodeId}:{WorkflowDiagram.StatusName(n)}"))}";

    private Task<IActionResult> CommandAsync(long id, string kind, string done, CancellationToken ct, params (string, object?)[] more) => ActAsync(async () =>
    {
        await WorkflowInstanceEndpoints.CommandAsync(ConsoleData.Params(AppId, [("wfInstanceId", id), .. more]), Data.Api, kind, ct);
        return $"workflow instance {id}: {done}";
    }, $"/console/workflow-instances/{id}");

    /// <summary>The context indented for reading; as stored when it is not JSON.</summary>
    public static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
