using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Dispatch;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>SPECIFY and the job's minimum resources pick the right workers and explain the rest.</summary>
public sealed class DispatchRequirementSpecs
{
    private static readonly JobRecord Job = new() { Id = 1, AppId = 1, ProcessorInfo = "echo" };

    private static WorkerInfo Worker(string address, string? tag = null, int cpus = 4, double load = 0, double memFree = 8, double diskFree = 100) => new()
    {
        Address = address, AppId = 1, AppName = "billing", Protocol = Protocol.Http, Version = "1.0.0", IsPowerJobAkka = true, Tag = tag,
        Alive = true, LastHeartbeat = DateTimeOffset.UnixEpoch,
        Metrics = new SystemMetrics
        {
            CpuProcessors = cpus, CpuLoad = load, JvmMaxMemory = memFree + 1, JvmUsedMemory = 1, DiskTotal = diskFree + 10, DiskUsed = 10, Score = 1,
        },
    };

    [Theory]
    [InlineData("tagIn:gpu,fpga", new[] { "b:1", "c:1" })]
    [InlineData("tagEquals:gpu", new[] { "b:1" })]
    [InlineData("a:1, c:1", new[] { "a:1", "c:1" })]
    public void Specify_picks_only_among_the_named_workers(string config, string[] allowed)
    {
        var job = Job with { DispatchStrategy = DispatchStrategy.Specify, DispatchStrategyConfig = config };
        WorkerInfo[] workers = [Worker("a:1", "cpu"), Worker("b:1", "gpu"), Worker("c:1", "fpga")];
        var picked = Enumerable.Range(0, 40).Select(seed => WorkerSelection.Select(job, "billing", workers, null, new Random(seed)).Plan!.TaskTracker.Address)
            .ToHashSet();
        Assert.Equal(allowed.Order(), picked.Order());
    }

    [Fact]
    public void Specify_matching_nobody_says_what_it_looked_for_and_what_there_was()
    {
        var job = Job with { DispatchStrategy = DispatchStrategy.Specify, DispatchStrategyConfig = "tagIn:gpu" };
        var (plan, reason) = WorkerSelection.Select(job, "billing", [Worker("a:1", "cpu"), Worker("b:1")], null, new Random(1));
        Assert.Null(plan);
        Assert.Equal("no worker available for app 'billing': SPECIFY tagIn:gpu matches none of the eligible workers [a:1 (tag cpu), b:1 (tag none)]", reason);
    }

    [Fact]
    public void Minimum_cores_memory_and_disk_exclude_workers_with_less_and_say_so()
    {
        var job = Job with { MinCpuCores = 2, MinMemorySpace = 4, MinDiskSpace = 50 };
        WorkerInfo[] workers = [Worker("busy:1", cpus: 4, load: 3.5), Worker("small:1", memFree: 2), Worker("full:1", diskFree: 20), Worker("fit:1")];

        var (plan, _) = WorkerSelection.Select(job, "billing", workers, null, new Random(1));
        Assert.Equal("fit:1", plan!.TaskTracker.Address);

        var (none, reason) = WorkerSelection.Select(job, "billing", workers[..3], null, new Random(1));
        Assert.Null(none);
        Assert.Equal("no worker available for app 'billing': busy:1 (minCpuCores 2 > 0.5 free cores); " +
                     "small:1 (minMemorySpace 4 GB > 2 GB free memory); full:1 (minDiskSpace 50 GB > 20 GB free disk)", reason);
    }
}
