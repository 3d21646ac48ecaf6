using Microsoft.AspNetCore.Mvc;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Jobs;

public sealed class JobsModel(ConsoleData data) : ConsolePage(data)
{
    public IReadOnlyList<(JobRecord Job, SchedulePreview Preview)> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Jobs = (await Data.Api.Store.ListJobsAsync(AppId, ct)).OrderBy(j => j.Id).Select(j => (j, SchedulePreview.Of(j, 3))).ToList();

    public Task<IActionResult> OnPostEnableAsync(long jobId, CancellationToken ct) => ActAsync(async () =>
    {
        await JobEndpoints.SetEnabledAsync(ConsoleData.Params(AppId, ("jobId", jobId)), Data.Api, true, ct);
        return $"job {jobId} enabled";
    }, "/console/jobs");

    public Task<IActionResult> OnPostDisableAsync(long jobId, CancellationToken ct) => ActAsync(async () =>
    {
        await JobEndpoints.SetEnabledAsync(ConsoleData.Params(AppId, ("jobId", jobId)), Data.Api, false, ct);
        return $"job {jobId} disabled";
    }, "/console/jobs");

    public Task<IActionResult> OnPostDeleteAsync(long jobId, CancellationToken ct) => ActAsync(async () =>
    {
        await JobEndpoints.DeleteJobAsync(ConsoleData.Params(AppId, ("jobId", jobId)), Data.Api, ct);
        return $"job {jobId} deleted";
    }, "/console/jobs");

    /// <summary>Runs the job now with the given instance params and opens the new instance.</summary>
    public async Task<IActionResult> OnPostRunAsync(long jobId, string? instanceParams, CancellationToken ct)
    {
        long instanceId = 0;
        var result = await ActAsync(async () =>
        {
            instanceId = await JobEndpoints.RunJobAsync(ConsoleData.Params(AppId, ("jobId", jobId), ("instanceParams", instanceParams)), Data.Api, ct);
            return $"job {jobId} started as instance {instanceId}";
        }, "/console/jobs");
        return instanceId == 0 ? result : LocalRedirect($"/console/instances/{instanceId}");
    }
}
