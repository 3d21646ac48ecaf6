using System.Diagnostics;
using System.Text.Json;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Tests.Worker;

[Collection(WorkerClusterCollection.Name)]
public class FailureSpecs(WorkerCluster cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Stop_during_a_long_sleep_cancels_it_and_reports_failed_within_a_second(Protocol protocol)
    {
        var job = cluster.Job(protocol, "observed-sleep", ExecuteType.Standalone, "30000");
        cluster.Run(protocol, job);
        await cluster.Server.Received.WaitForAsync<TaskTrackerReportInstanceStatusReq>(
            r => r.InstanceId == job.InstanceId && r.InstanceStatus == (int)InstanceStatus.Running, Timeout);
        var query = await cluster.Server.AskAsync(protocol, cluster.Addresses(protocol)[0], new ServerQueryInstanceStatusReq(job.InstanceId));
        Assert.True(query.Success, query.Message);
        Assert.Equal((int)InstanceStatus.Running, JsonSerializer.Deserialize<InstanceDetail>(query.Data!, WireJson.Options)!.Status);

        var clock = Stopwatch.StartNew();
        cluster.Server.Send(protocol, cluster.Addresses(protocol)[0], new ServerStopInstanceReq(job.InstanceId));
        var final = await cluster.FinalReportAsync(job.InstanceId, TimeSpan.FromSeconds(1));
        await cluster.Observations.Canceled(job.InstanceId).WaitAsync(TimeSpan.FromSeconds(1) - clock.Elapsed);

        Assert.Equal((int)InstanceStatus.Failed, final.InstanceStatus);
        Assert.Equal("stopped by server", final.Result);
        Assert.Equal(job.Attempt, final.Attempt);
        var after = await Support.TestNodes.EventuallyAsync(
            () => cluster.Server.AskAsync(protocol, cluster.Addresses(protocol)[0], new ServerQueryInstanceStatusReq(job.InstanceId)),
            r => !r.Success, Timeout);
        Assert.Contains("not running on this worker", after.Message);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task A_processor_that_throws_fails_the_instance_with_the_exception_message(Protocol protocol)
    {
        var final = await cluster.RunToEndAsync(protocol, cluster.Job(protocol, "throws", ExecuteType.Standalone));

        Assert.Equal((int)InstanceStatus.Failed, final.InstanceStatus);
        Assert.Contains("boom from the processor", final.Result);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task An_unknown_processor_fails_the_instance_naming_it_and_the_registered_ones(Protocol protocol)
    {
        var final = await cluster.RunToEndAsync(protocol, cluster.Job(protocol, "no-such-processor", ExecuteType.Standalone));

        Assert.Equal((int)InstanceStatus.Failed, final.InstanceStatus);
        Assert.Contains("unknown processor 'no-such-processor'", final.Result);
        Assert.Contains("echo", final.Result);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task An_instance_past_its_timeout_fails_as_timed_out(Protocol protocol)
    {
        var job = cluster.Job(protocol, "observed-sleep", ExecuteType.Standalone, "30000") with { InstanceTimeoutMS = 500 };
        var final = await cluster.RunToEndAsync(protocol, job);

        Assert.Equal((int)InstanceStatus.Failed, final.InstanceStatus);
        Assert.Equal("instance timed out after 500 ms", final.Result);
        await cluster.Observations.Canceled(job.InstanceId).WaitAsync(Timeout);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Log_lines_written_through_the_context_reach_the_server(Protocol protocol)
    {
        var job = cluster.Job(protocol, "logs", ExecuteType.Standalone);
        await cluster.RunToEndAsync(protocol, job);

        var lines = (await cluster.Server.Received.WaitForAsync<WorkerLogReportReq>(
                r => r.InstanceLogContents.Any(l => l.InstanceId == job.InstanceId),
                list => list.SelectMany(r => r.InstanceLogContents).Count(l => l.InstanceId == job.InstanceId) >= 2, Timeout))
            .SelectMany(r => r.InstanceLogContents).Where(l => l.InstanceId == job.InstanceId).ToList();
        Assert.Contains(lines, l => l.LogContent == $"hello from instance {job.InstanceId}" && l.LogLevel == 2);
        Assert.Contains(lines, l => l.LogContent == "careful" && l.LogLevel == 3);
        Assert.All(lines, l => Assert.True(l.LogTime > 0));
        Assert.Contains(cluster.Server.Received.OfType<WorkerLogReportReq>(), r => r.WorkerAddress == cluster.Addresses(protocol)[0]);
    }
}
