using Microsoft.AspNetCore.Mvc;
using PowerJob.Akka.Server.Workflows;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Workflows;

public sealed class WorkflowsModel(ConsoleData data) : ConsolePage(data)
{
    public IReadOnlyList<WorkflowRecord> Workflows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Workflows = (await Data.Api.Store.ListWorkflowsAsync(AppId, ct)).OrderBy(w => w.Id).ToList();

    public Task<IActionResult> OnPostEnableAsync(long workflowId, CancellationToken ct) => SetEnabledAsync(workflowId, true, ct);

    public Task<IActionResult> OnPostDisableAsync(long workflowId, CancellationToken ct) => SetEnabledAsync(workflowId, false, ct);

    /// <summary>Runs the workflow now with the given init params and opens the new workflow instance.</summary>
    public async Task<IActionResult> OnPostRunAsync(long workflowId, string? initParams, CancellationToken ct)
    {
        long wfInstanceId = 0;
        var result = await ActAsync(async () =>
        {
            wfInstanceId = await WorkflowInstanceEndpoints.RunWorkflowAsync(
                ConsoleData.Params(AppId, ("workflowId", workflowId), ("initParams", initParams)), Data.Api, ct);
            return $"workflow {workflowId} started as workflow instance {wfInstanceId}";
        }, "/console/workflows");
        return wfInstanceId == 0 ? result : LocalRedirect($"/console/workflow-instances/{wfInstanceId}");
    }

    private Task<IActionResult> SetEnabledAsync(long workflowId, bool enabled, CancellationToken ct) => ActAsync(async () =>
    {
        await WorkflowEndpoints.SetEnabledAsync(ConsoleData.Params(AppId, ("workflowId", workflowId)), Data.Api, enabled, ct);
        return $"workflow {workflowId} {(enabled ? "enabled" : "disabled")}";
    }, "/console/workflows");
}
