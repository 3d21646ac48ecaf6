using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages;

public sealed class OverviewModel(ConsoleData data) : ConsolePage(data)
{
    private Dictionary<long, string> _jobs = [];

    public InstanceChart Chart { get; private set; } = null!;
    public IReadOnlyList<InstanceRecord> Failures { get; private set; } = [];
    public int WorkersAlive { get; private set; }
    public int WorkersKnown { get; private set; }
    public (string? Cluster, string? Web, bool Here) Owner { get; private set; }

    public string JobName(long jobId) => _jobs.GetValueOrDefault(jobId) ?? $"job {jobId} (deleted)";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = Data.Now;
        var store = Data.Api.Store;
        var lastHour = await store.QueryInstancesAsync(new InstanceQuery(AppId, Limit: 10_000, CreatedFrom: now.AddMinutes(-InstanceChart.MinuteCount - 1)), ct);
        Chart = InstanceChart.From(lastHour, now);
        Failures = await store.QueryInstancesAsync(new InstanceQuery(AppId, Statuses: [InstanceStatus.Failed], Limit: 10), ct);
        _jobs = (await store.ListJobsAsync(AppId, ct)).ToDictionary(j => j.Id, j => j.JobName);
        var workers = await Data.WorkersAsync(AppId, ct);
        WorkersAlive = workers.Count(w => w.Alive);
        WorkersKnown = workers.Count;
        Owner = await Data.OwnerOfAsync(AppId, ct);
    }
}
