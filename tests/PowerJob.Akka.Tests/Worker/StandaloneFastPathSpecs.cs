using PowerJob.Akka.Tests.Scheduling;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Host.Samples;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Tests.Worker;

/// <summary>
/// A STANDALONE instance takes the worker's local path end to end (its one task handed to the worker's own processor
/// tracker by tell and reported straight back, no ask or per-task report over the wire): a real server and a real
/// worker on loopback. The server stores a report only with the attempt's dispatch token, so SUCCEED stored proves the
/// worker echoed the token and attempt.
/// </summary>
public class StandaloneFastPathSpecs : SchedulingFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly ProcessorObservations _observations = new();

    [Theory]
    [InlineData("akka")]
    [InlineData("http")]
    public async Task A_standalone_instance_reports_running_then_succeed_and_its_log_lines_arrive(string protocol)
    {
        await StartTestWorkerAsync(protocol);
        var jobId = await SaveJobAsync("logs");
        var instanceId = await Api.RunJobAsync(AppId, jobId);

        var instance = await Api.AwaitStatusAsync(AppId, instanceId, 5, Wait);
        Assert.Equal(1, instance.GetProperty("attempt").GetInt32());
        var statuses = instance.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("statusName").GetString()).ToList();
        Assert.Equal(["WAITING_DISPATCH", "WAITING_WORKER_RECEIVE", "RUNNING", "SUCCEED"], statuses);

        var logs = await TestNodes.EventuallyAsync(
            async () => (await Api.FormAsync("/openApi/fetchInstanceLog", ("appId", AppId), ("instanceId", instanceId))).Data,
            l => l.GetArrayLength() >= 2, Wait);
        Assert.Equal([$"hello from instance {instanceId}", "careful"], logs.EnumerateArray().Select(l => l.GetProperty("content").GetString()));
        Assert.Equal(["INFO", "WARN"], logs.EnumerateArray().Select(l => l.GetProperty("level").GetString()));
    }

    [Theory]
    [InlineData("akka")]
    [InlineData("http")]
    public async Task A_stop_during_a_standalone_run_cancels_the_processor(string protocol)
    {
        await StartTestWorkerAsync(protocol);
        var jobId = await SaveJobAsync("observed-sleep");
        var instanceId = await Api.RunJobAsync(AppId, jobId, "30000");
        await Api.AwaitStatusAsync(AppId, instanceId, 3, Wait);

        Assert.True((await Api.FormAsync("/openApi/stopInstance", ("appId", AppId), ("instanceId", instanceId))).Success);
        await Api.AwaitStatusAsync(AppId, instanceId, 10, Wait);
        await _observations.Canceled(instanceId).WaitAsync(Wait);
    }

    [Fact]
    public async Task A_failed_standalone_task_is_retried_on_the_worker_within_the_same_attempt()
    {
        await StartTestWorkerAsync("akka");
        var jobId = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "retried-task", processorInfo = "fails-first-task", executeType = "STANDALONE",
            timeExpressionType = "API", taskRetryNum = 2,
        });
        var instanceId = await Api.RunJobAsync(AppId, jobId);

        var instance = await Api.AwaitStatusAsync(AppId, instanceId, 5, Wait);
        Assert.Equal("succeeded on task retry 1", instance.GetProperty("result").GetString());
        Assert.Equal(1, instance.GetProperty("attempt").GetInt32());
    }

    private async Task<WorkerNode> StartTestWorkerAsync(string protocol)
    {
        var worker = await Nodes.StartWorkerAsync(TestNodes.WorkerOptions(Server, "billing", protocol),
            services => services.AddSampleProcessors().AddTestProcessors(_observations)
                .AddPowerJobProcessor<FailsFirstTaskProcessor>("fails-first-task"));
        await TestNodes.ReadyAsync(worker);
        return worker;
    }

    /// <summary>Fails its task's first run, succeeds on the task retry.</summary>
    public sealed class FailsFirstTaskProcessor : IBasicProcessor
    {
        public Task<ProcessResult> ProcessAsync(TaskContext context) => Task.FromResult(context.CurrentRetryTimes == 0
            ? ProcessResult.Fail("first task run fails on purpose")
            : ProcessResult.Ok($"succeeded on task retry {context.CurrentRetryTimes}"));
    }
}
