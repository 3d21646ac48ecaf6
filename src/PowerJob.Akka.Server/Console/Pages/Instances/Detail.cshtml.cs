using Microsoft.AspNetCore.Mvc;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Instances;

/// <summary>One instance: its facts, the transitions as a timeline, its online log (followed while it runs), stop/cancel/retry.</summary>
public sealed class InstanceDetailModel(ConsoleData data) : ConsolePage(data)
{
    public long InstanceId { get; private set; }
    public InstanceRecord? Instance { get; private set; }
    public JobRecord? Job { get; private set; }
    public IReadOnlyList<InstanceTransition> Transitions { get; private set; } = [];
    public IReadOnlyList<InstanceLogLine> Log { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        InstanceId = id;
        Instance = await FindAsync(id, ct);
        if (Instance is null)
        {
            // A clear page rather than the generic error: the id is the operator's input.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Job = await Data.Api.Store.FindJobAsync(Instance.JobId, ct);
        Transitions = await Data.Api.Store.ListTransitionsAsync(id, ct);
        Log = await Data.Api.Store.ReadLogsAsync(id, ct);
        return Page();
    }

    /// <summary>The status now and the log lines after the first <paramref name="after"/>, for the page's follower.</summary>
    public async Task<IActionResult> OnGetFollowAsync(long id, int after, CancellationToken ct)
    {
        var instance = await FindAsync(id, ct);
        if (instance is null) return NotFound();
        var lines = await Data.Api.Store.ReadLogsAsync(id, ct);
        return new JsonResult(new
        {
            status = instance.Status.WireName(),
            final = instance.Status.IsFinal(),
            lines = lines.Skip(Math.Max(0, after)).Select(Line).ToList(),
        });
    }

    public Task<IActionResult> OnPostStopAsync(long id, CancellationToken ct) => CommandAsync(id, InstanceCommand.Stop, "stopped", ct);

    public Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) => CommandAsync(id, InstanceCommand.Cancel, "canceled", ct);

    public Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct) => CommandAsync(id, InstanceCommand.Retry, "retried", ct);

    public static string Line(InstanceLogLine line) =>
        $"{line.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} {line.Level,-5} {(line.WorkerAddress is null ? "" : $"[{line.WorkerAddress}] ")}{line.Content}";

    private Task<IActionResult> CommandAsync(long id, string kind, string done, CancellationToken ct) => ActAsync(async () =>
    {
        await InstanceEndpoints.CommandAsync(ConsoleData.Params(AppId, ("instanceId", id)), Data.Api, kind, ct);
        return $"instance {id} {done}";
    }, $"/console/instances/{id}");

    private async Task<InstanceRecord?> FindAsync(long id, CancellationToken ct) =>
        await Data.Api.Store.FindInstanceAsync(id, ct) is { } instance && instance.AppId == AppId ? instance : null;
}
