using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Dispatch;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Scheduling;

public class WorkerSelectionSpecs
{
    private static WorkerInfo Worker(string address, int score = 1, bool alive = true, string? tag = null, bool akka = true,
        Protocol protocol = Protocol.Http, bool overload = false) => new()
    {
        Address = address, AppId = 1, AppName = "billing", Protocol = protocol, Version = akka ? "1.0.0" : "4.3.9", IsPowerJobAkka = akka,
        Tag = tag, IsOverload = overload, Metrics = new SystemMetrics { Score = score }, Alive = alive, LastHeartbeat = DateTimeOffset.UnixEpoch,
    };

    private static readonly JobRecord Job = new() { Id = 1, AppId = 1, ProcessorInfo = "echo" };

    [Fact]
    public void Health_first_picks_the_highest_score()
    {
        var (plan, _) = WorkerSelection.Select(Job, "billing", [Worker("a:1", 3), Worker("b:1", 9), Worker("c:1", 5)], null, new Random(1));
        Assert.Equal("b:1", plan!.TaskTracker.Address);
        Assert.Equal(["b:1", "a:1", "c:1"], plan.Cluster.Select(w => w.Address));
    }

    [Fact]
    public void No_worker_says_why_each_worker_was_excluded()
    {
        var job = Job with { DesignatedWorkers = "blue", ExecuteType = ExecuteType.MapReduce };
        var (plan, reason) = WorkerSelection.Select(job, "billing",
            [Worker("a:1", alive: false), Worker("b:1", tag: "green"), Worker("c:1", tag: "blue", akka: false), Worker("d:1", tag: "blue", overload: true)],
            null, new Random(1));
        Assert.Null(plan);
        Assert.StartsWith("no worker available for app 'billing': a:1 (no heartbeat since", reason);
        Assert.Contains("b:1 (not in designated workers [blue])", reason);
        Assert.Contains("c:1 (PowerJob worker version 4.3.9 runs STANDALONE jobs only, job is MAP_REDUCE: it does not authenticate, it is accepted through 'oms.auth.allow-unauthenticated-workers')", reason);
        Assert.Contains("d:1 (overloaded)", reason);
    }

    [Fact]
    public void No_heartbeat_at_all_is_named_as_such()
    {
        var (_, reason) = WorkerSelection.Select(Job, "billing", [], null, new Random(1));
        Assert.Equal("no worker available: no worker of app 'billing' has sent a heartbeat to this server", reason);
    }

    [Fact]
    public void A_retry_prefers_another_worker_and_the_cluster_keeps_one_protocol()
    {
        var workers = new[] { Worker("a:1", 9), Worker("b:1", 1), Worker("c:1", 5, protocol: Protocol.Akka) };
        var (plan, _) = WorkerSelection.Select(Job with { MaxWorkerCount = 5 }, "billing", workers, avoid: "a:1", new Random(1));
        Assert.Equal("c:1", plan!.TaskTracker.Address);
        Assert.Equal(["c:1"], plan.Cluster.Select(w => w.Address));
    }

    [Fact]
    public void Max_worker_count_caps_the_cluster()
    {
        var (plan, _) = WorkerSelection.Select(Job with { MaxWorkerCount = 2 }, "billing", [Worker("a:1"), Worker("b:1"), Worker("c:1")], null, new Random(1));
        Assert.Equal(2, plan!.Cluster.Count);
    }
}
