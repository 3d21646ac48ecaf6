using PowerJob.Akka.Configuration;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Tests.Worker;

[Collection(WorkerClusterCollection.Name)]
public class SumSpecs(WorkerCluster cluster)
{
    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Sum_of_ten_million_spreads_over_three_workers_and_retries_a_failed_sub_task(Protocol protocol)
    {
        var job = cluster.Job(protocol, "flaky-sum", ExecuteType.MapReduce, "10000000") with { TaskRetryNum = 2 };
        var final = await cluster.RunToEndAsync(protocol, job, TimeSpan.FromSeconds(60));

        Assert.Equal((int)InstanceStatus.Succeed, final.InstanceStatus);
        Assert.Equal("50000005000000", final.Result);
        Assert.Equal(1 + 10_000 + 1, final.TotalTaskNum);
        Assert.Equal(0, final.FailedTaskNum);
        Assert.Equal(2, cluster.Observations.FlakyRuns(job.InstanceId));
        var perWorker = cluster.Observations.CallsByWorker(job.InstanceId);
        Assert.Equal(cluster.Addresses(protocol).Order(), perWorker.Keys.Order());
        // Every worker takes part; how many each runs depends on how busy the machine is (a fast one pulls more).
        Assert.All(perWorker.Values, n => Assert.True(n > 0, $"a worker ran only {n} sub-tasks"));
        Assert.Equal(10_001, perWorker.Values.Sum());
    }
}
