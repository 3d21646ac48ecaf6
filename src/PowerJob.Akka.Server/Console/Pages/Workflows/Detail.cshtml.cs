using Microsoft.AspNetCore.Mvc;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Workflows;

/// <summary>One workflow: its DAG drawn in columns, its nodes and edges, and its recent instances.</summary>
public sealed class WorkflowDetailModel(ConsoleData data) : ConsolePage(data)
{
    public const int RecentInstances = 20;

    public long WorkflowId { get; private set; }
    public WorkflowRecord? Workflow { get; private set; }
    public WorkflowDiagram? Diagram { get; private set; }
    public IReadOnlyList<WorkflowInstanceRecord> Instances { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        WorkflowId = id;
        Workflow = await Data.Api.Store.FindWorkflowAsync(id, ct) is { } w && w.AppId == AppId ? w : null;
        if (Workflow is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Diagram = new WorkflowDiagram(Workflow.Dag, await Data.JobNamesAsync(AppId, ct));
        Instances = await Data.Api.Store.ListWorkflowInstancesAsync(id, RecentInstances, ct);
        return Page();
    }
}
