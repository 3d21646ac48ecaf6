using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Dispatch;

/// <summary>The worker that tracks an instance and the workers it may spread tasks over.</summary>
public sealed record DispatchPlan(WorkerInfo TaskTracker, IReadOnlyList<WorkerInfo> Cluster);

/// <summary>
/// Picks the task tracker for an instance: alive, designated, not overloaded, able to run the execution type;
/// HEALTH_FIRST (highest score) or RANDOM; prefers a worker other than <c>avoid</c> (the one a retried attempt ran on).
/// When none is eligible, the reason names every known worker and why it was excluded.
/// </summary>
public static class WorkerSelection
{
    public static (DispatchPlan? Plan, string? Reason) Select(JobRecord job, string appName, IReadOnlyList<WorkerInfo> workers,
        string? avoid, Random random)
    {
        if (workers.Count == 0)
            return (null, $"no worker available: no worker of app '{appName}' has sent a heartbeat to this server");

        var designated = (job.DesignatedWorkers ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var excluded = new List<string>();
        var eligible = new List<WorkerInfo>();
        foreach (var worker in workers)
        {
            var reason = Exclusion(job, worker, designated);
            if (reason is null) eligible.Add(worker);
            else excluded.Add($"{worker.Address} ({reason})");
        }
        if (eligible.Count == 0)
            return (null, $"no worker available for app '{appName}': {string.Join("; ", excluded)}");

        var candidates = eligible.Count > 1 && avoid is not null && eligible.Any(w => w.Address != avoid)
            ? eligible.Where(w => w.Address != avoid).ToList()
            : eligible;
        var tracker = job.DispatchStrategy == DispatchStrategy.Random
            ? candidates[random.Next(candidates.Count)]
            : candidates.OrderByDescending(w => w.Metrics?.Score ?? 0).ThenBy(w => w.Address, StringComparer.Ordinal).First();

        var cluster = eligible.Where(w => w.Protocol == tracker.Protocol && w.IsPowerJobAkka == tracker.IsPowerJobAkka)
            .OrderBy(w => w.Address == tracker.Address ? 0 : 1).ThenBy(w => w.Address, StringComparer.Ordinal)
            .Take(job.MaxWorkerCount > 0 ? job.MaxWorkerCount : int.MaxValue)
            .ToList();
        return (new DispatchPlan(tracker, cluster), null);
    }

    private static string? Exclusion(JobRecord job, WorkerInfo worker, string[] designated)
    {
        if (!worker.Alive) return $"no heartbeat since {worker.LastHeartbeat:O}";
        if (designated.Length > 0 && !designated.Contains(worker.Address) && (worker.Tag is null || !designated.Contains(worker.Tag)))
            return $"not in designated workers [{string.Join(",", designated)}]";
        if (worker.IsOverload) return "overloaded";
        if (!worker.IsPowerJobAkka && job.ExecuteType != ExecuteType.Standalone)
            return $"PowerJob worker version {worker.Version} runs STANDALONE jobs only, job is {WireEnum.Name(job.ExecuteType)}";
        return null;
    }
}
