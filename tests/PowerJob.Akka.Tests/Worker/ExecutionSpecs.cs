using System.Globalization;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Model;
using PowerJob.Akka.Worker.Execution;

namespace PowerJob.Akka.Tests.Worker;

[Collection(WorkerClusterCollection.Name)]
public class ExecutionSpecs(WorkerCluster cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Echo_runs_standalone_and_reports_succeed_with_its_start_time_and_the_attempt(Protocol protocol)
    {
        var job = cluster.Job(protocol, "echo", ExecuteType.Standalone, "42") with { JobParams = "job-" };
        cluster.Run(protocol, job);

        var reports = await cluster.Server.Received.WaitForAsync<Messages.TaskTrackerReportInstanceStatusReq>(r => r.InstanceId == job.InstanceId,
            list => list.Any(r => r.InstanceStatus == (int)InstanceStatus.Succeed), Timeout);
        var succeed = reports.Single(r => r.InstanceStatus == (int)InstanceStatus.Succeed);
        Assert.Equal("job-42", succeed.Result);
        Assert.InRange(succeed.StartTime, 1, succeed.ReportTime);
        Assert.Equal(reports.Count, reports.Select(r => r.ReportTime).Distinct().Count());
        Assert.All(reports, r => Assert.Equal(job.Attempt, r.Attempt));
        Assert.All(reports, r => Assert.Equal(cluster.Addresses(protocol)[0], r.SourceAddress));
        Assert.All(reports, r => Assert.Equal(job.JobId, r.JobId));
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task A_run_longer_than_the_first_report_delay_reports_running_before_its_end(Protocol protocol)
    {
        var sleep = TaskTrackerActor.FirstReportDelay * 5;
        var job = cluster.Job(protocol, "observed-sleep", ExecuteType.Standalone, ((int)sleep.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        cluster.Run(protocol, job);

        var reports = await cluster.Server.Received.WaitForAsync<Messages.TaskTrackerReportInstanceStatusReq>(r => r.InstanceId == job.InstanceId,
            list => list.Any(r => r.InstanceStatus == (int)InstanceStatus.Succeed), Timeout);
        var running = reports.First(r => r.InstanceStatus == (int)InstanceStatus.Running);
        var succeed = reports.Single(r => r.InstanceStatus == (int)InstanceStatus.Succeed);
        Assert.True(running.ReportTime < succeed.ReportTime);
        Assert.True(running.ReportTime - running.StartTime >= TaskTrackerActor.FirstReportDelay.TotalMilliseconds,
            $"RUNNING went {running.ReportTime - running.StartTime} ms after the start");
        Assert.Equal(running.StartTime, succeed.StartTime);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Whoami_broadcast_joins_the_address_of_every_worker(Protocol protocol)
    {
        var final = await cluster.RunToEndAsync(protocol, cluster.Job(protocol, "whoami", ExecuteType.Broadcast));

        Assert.Equal((int)InstanceStatus.Succeed, final.InstanceStatus);
        Assert.Equal(string.Join(",", cluster.Addresses(protocol).Order(StringComparer.Ordinal)), final.Result);
        Assert.Equal(3, final.Attempt);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Broadcast_runs_once_on_every_live_worker(Protocol protocol)
    {
        var job = cluster.Job(protocol, "count-broadcast", ExecuteType.Broadcast);
        var final = await cluster.RunToEndAsync(protocol, job);

        Assert.Equal((int)InstanceStatus.Succeed, final.InstanceStatus);
        var calls = cluster.Observations.CallsByWorker(job.InstanceId);
        Assert.Equal(cluster.Addresses(protocol).Order(), calls.Keys.Order());
        Assert.All(calls.Values, n => Assert.Equal(1, n));
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Map_spreads_sub_tasks_and_succeeds_only_if_none_finally_failed(Protocol protocol)
    {
        var words = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}"));
        var ok = cluster.Job(protocol, "words", ExecuteType.Map, words);
        var okFinal = await cluster.RunToEndAsync(protocol, ok);
        Assert.Equal((int)InstanceStatus.Succeed, okFinal.InstanceStatus);
        Assert.Equal("30 of 30 sub-tasks succeeded, 0 failed", okFinal.Result);
        Assert.Equal(31, okFinal.TotalTaskNum);
        Assert.Equal(WorkerCluster.WorkersPerProtocol, cluster.Observations.CallsByWorker(ok.InstanceId).Count);

        var failing = cluster.Job(protocol, "words", ExecuteType.Map, "a fail b") with { TaskRetryNum = 1 };
        var failingFinal = await cluster.RunToEndAsync(protocol, failing);
        Assert.Equal((int)InstanceStatus.Failed, failingFinal.InstanceStatus);
        Assert.Equal("2 of 3 sub-tasks succeeded, 1 failed", failingFinal.Result);
        Assert.Equal(4, cluster.Observations.CallsByWorker(failing.InstanceId).Values.Sum());
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Sub_tasks_running_on_other_workers_map_further_through_the_task_tracker(Protocol protocol)
    {
        var job = cluster.Job(protocol, "words", ExecuteType.Map, "split:a+b split:c+d split:e+f split:g+h split:i+j split:k+l");
        var final = await cluster.RunToEndAsync(protocol, job);

        Assert.Equal((int)InstanceStatus.Succeed, final.InstanceStatus);
        Assert.Equal("18 of 18 sub-tasks succeeded, 0 failed", final.Result);
        Assert.Contains(cluster.Observations.MappedOn(job.InstanceId), worker => worker != cluster.Addresses(protocol)[0]);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task Sum_maps_reduces_and_reports_the_total(Protocol protocol)
    {
        var job = cluster.Job(protocol, "sum", ExecuteType.MapReduce, "10500");
        var final = await cluster.RunToEndAsync(protocol, job);

        Assert.Equal((int)InstanceStatus.Succeed, final.InstanceStatus);
        Assert.Equal("55130250", final.Result);
        Assert.Equal(1 + 11 + 1, final.TotalTaskNum);
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task A_duplicate_runJob_for_the_same_attempt_runs_once(Protocol protocol)
    {
        var job = cluster.Job(protocol, "count", ExecuteType.Standalone);
        cluster.Run(protocol, job);
        cluster.Run(protocol, job);
        var final = await cluster.FinalReportAsync(job.InstanceId, Timeout);
        cluster.Run(protocol, job);

        Assert.Equal((int)InstanceStatus.Succeed, final.InstanceStatus);
        // Nothing signals a runJob that was ignored, so give the duplicates time to have run, if they were going to.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Equal(1, cluster.Observations.CallsByWorker(job.InstanceId).Values.Sum());
        Assert.Single(cluster.Reports(job.InstanceId), r => ((InstanceStatus)r.InstanceStatus).IsFinal());
    }

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task A_newer_attempt_replaces_the_running_one(Protocol protocol)
    {
        var first = cluster.Job(protocol, "observed-sleep", ExecuteType.Standalone, "30000") with { Attempt = 1 };
        cluster.Run(protocol, first);
        await cluster.Server.Received.WaitForAsync<Messages.TaskTrackerReportInstanceStatusReq>(r => r.InstanceId == first.InstanceId, Timeout);

        var second = first with { Attempt = 2, ProcessorInfo = "echo", InstanceParams = "again" };
        cluster.Run(protocol, second);
        var final = await cluster.FinalReportAsync(first.InstanceId, Timeout);

        Assert.Equal((2, (int)InstanceStatus.Succeed, "again"), (final.Attempt, final.InstanceStatus, final.Result));
        await cluster.Observations.Canceled(first.InstanceId).WaitAsync(Timeout);
        Assert.DoesNotContain(cluster.Reports(first.InstanceId), r => r.Attempt == 1 && ((InstanceStatus)r.InstanceStatus).IsFinal());
    }
}
