using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Dispatch;

/// <summary>The worker that tracks an instance and the workers it may spread tasks over.</summary>
public sealed record DispatchPlan(WorkerInfo TaskTracker, IReadOnlyList<WorkerInfo> Cluster);

/// <summary>
/// Picks the task tracker for an instance: alive, designated, not overloaded, with the job's minimum free cores, memory
/// and disk, able to run the execution type;
/// HEALTH_FIRST (highest score), RANDOM, or SPECIFY (random among the workers the job's dispatchStrategyConfig names); prefers a worker other than <c>avoid</c> (the one a retried attempt ran on).
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

        var specified = eligible;
        if (job.DispatchStrategy == DispatchStrategy.Specify && SpecifiedWorkers.Parse(JobFields.DispatchStrategyConfig(job)) is { } specify)
        {
            specified = eligible.Where(specify.Matches).ToList();
            if (specified.Count == 0)
                return (null, $"no worker available for app '{appName}': SPECIFY {specify} matches none of the eligible workers " +
                              $"[{string.Join(", ", eligible.Select(w => $"{w.Address} (tag {w.Tag ?? "none"})"))}]" +
                              (excluded.Count > 0 ? $"; excluded: {string.Join("; ", excluded)}" : ""));
        }
        var candidates = specified.Count > 1 && avoid is not null && specified.Any(w => w.Address != avoid)
            ? specified.Where(w => w.Address != avoid).ToList()
            : specified;
        var tracker = job.DispatchStrategy is DispatchStrategy.Random or DispatchStrategy.Specify
            ? candidates[random.Next(candidates.Count)]
            : candidates.OrderByDescending(w => w.Metrics?.Score ?? 0).ThenBy(w => w.Address, StringComparer.Ordinal).First();

        var cluster = eligible.Where(w => w.Protocol == tracker.Protocol && w.IsPowerJobAkka == tracker.IsPowerJobAkka)
            .OrderBy(w => w.Address == tracker.Address ? 0 : 1).ThenBy(w => w.Address, StringComparer.Ordinal)
            .Take(job.MaxWorkerCount > 0 ? job.MaxWorkerCount : int.MaxValue)
            .ToList();
        return (new DispatchPlan(tracker, cluster), null);
    }

    /// <summary>PowerJob's checks of the job's minimums against the worker's last metrics (free cores, memory, disk in GB).</summary>
    private static string? Resources((double Cpu, double MemoryGb, double DiskGb) min, SystemMetrics? metrics)
    {
        if (min is { Cpu: <= 0, MemoryGb: <= 0, DiskGb: <= 0 }) return null;
        if (metrics is null) return "sent no metrics, and the job sets minimum resources";
        var cores = metrics.CpuProcessors - Math.Max(0, metrics.CpuLoad);
        var memory = metrics.JvmMaxMemory - metrics.JvmUsedMemory;
        var disk = metrics.DiskTotal - metrics.DiskUsed;
        var missing = new List<string>();
        if (min.Cpu > 0 && cores < min.Cpu) missing.Add($"minCpuCores {min.Cpu:0.##} > {cores:0.##} free cores");
        if (min.MemoryGb > 0 && memory < min.MemoryGb) missing.Add($"minMemorySpace {min.MemoryGb:0.##} GB > {memory:0.##} GB free memory");
        if (min.DiskGb > 0 && disk < min.DiskGb) missing.Add($"minDiskSpace {min.DiskGb:0.##} GB > {disk:0.##} GB free disk");
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    private static string? Exclusion(JobRecord job, WorkerInfo worker, string[] designated)
    {
        if (!worker.Alive) return $"no heartbeat since {worker.LastHeartbeat:O}";
        if (designated.Length > 0 && !designated.Contains(worker.Address) && (worker.Tag is null || !designated.Contains(worker.Tag)))
            return $"not in designated workers [{string.Join(",", designated)}]";
        if (worker.IsOverload) return "overloaded";
        if (Resources(JobFields.Minimums(job), worker.Metrics) is { } lacking) return lacking;
        if (!worker.IsPowerJobAkka && job.ExecuteType != ExecuteType.Standalone)
            return $"PowerJob worker version {worker.Version} runs STANDALONE jobs only, job is {WireEnum.Name(job.ExecuteType)}: " +
                   $"it does not authenticate, it is accepted through '{Configuration.SecurityOptions.AllowUnauthenticatedWorkersKey}'";
        return null;
    }
}
