using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Workflows;

/// <summary>One workflow instance: its status and context, and each node's status, job instance and result on the DAG.</summary>
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
