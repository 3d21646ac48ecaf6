using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Scheduling;

public class ApiJobSpecs : SchedulingFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("akka")]
    [InlineData("http")]
    public async Task RunJob_runs_echo_and_stores_the_result_and_transitions(string protocol)
    {
        await StartWorkerAsync(protocol);
        var jobId = await SaveJobAsync("echo", jobParams: "job-");
        var instanceId = await Api.RunJobAsync(AppId, jobId, "instance");

        var instance = await Api.AwaitStatusAsync(AppId, instanceId, 5, Wait);
        Assert.Equal("job-instance", instance.GetProperty("result").GetString());
        Assert.Equal(1, instance.GetProperty("attempt").GetInt32());
        var statuses = instance.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("statusName").GetString()).ToList();
        Assert.Equal(["WAITING_DISPATCH", "WAITING_WORKER_RECEIVE", "RUNNING", "SUCCEED"], statuses);
    }

    [Fact]
    public async Task A_processor_no_live_worker_offers_is_rejected_naming_what_is_offered()
    {
        await StartWorkerAsync("http");
        var reply = await Api.JsonAsync("/openApi/saveJob", new { appId = AppId, jobName = "typo", processorInfo = "ecko" });
        Assert.Equal((System.Net.HttpStatusCode.OK, false), (reply.Status, reply.Success));
        Assert.Equal("processorInfo 'ecko' is not offered by any live worker of app 'billing'; offered: [chatty, echo, fails-first-run, pause, sleep, sum, whoami]",
            reply.Message);
        Assert.Equal(0, (await Api.FormAsync("/openApi/fetchAllJob", ("appId", AppId))).Data.GetArrayLength());
    }

    [Fact]
    public async Task A_delayed_run_waits_and_can_be_canceled_before_it_starts()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("echo");
        var instanceId = await Api.RunJobAsync(AppId, jobId, delay: 60_000);
        Assert.True((await Api.FormAsync("/openApi/cancelInstance", ("appId", AppId), ("instanceId", instanceId))).Success);
        var instance = await Api.AwaitStatusAsync(AppId, instanceId, 9, Wait);
        Assert.Equal(0, instance.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task Max_instances_is_honoured()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("pause", jobParams: "10000", maxInstanceNum: 1);
        var first = await Api.RunJobAsync(AppId, jobId);
        await Api.AwaitStatusAsync(AppId, first, 3, Wait);
        var second = await Api.RunJobAsync(AppId, jobId);

        var rejected = await Api.AwaitStatusAsync(AppId, second, 4, Wait);
        Assert.Equal("too many instances: 1 running, maxInstanceNum is 1", rejected.GetProperty("result").GetString());
        Assert.True((await Api.FormAsync("/openApi/stopInstance", ("appId", AppId), ("instanceId", first))).Success);
    }

    [Fact]
    public async Task A_failed_run_is_retried_up_to_the_retry_count()
    {
        await StartWorkerAsync("akka");
        var retried = await SaveJobAsync("fails-first-run", instanceRetryNum: 1);
        var instance = await Api.AwaitStatusAsync(AppId, await Api.RunJobAsync(AppId, retried), 5, Wait);
        Assert.Equal(2, instance.GetProperty("runningTimes").GetInt32());
        Assert.Equal(2, instance.GetProperty("attempt").GetInt32());
        Assert.Contains(instance.GetProperty("transitions").EnumerateArray(),
            t => t.GetProperty("note").GetString()?.Contains("first run fails on purpose") == true);

        var notRetried = await SaveJobAsync("fails-first-run", instanceRetryNum: 0);
        var failed = await Api.AwaitStatusAsync(AppId, await Api.RunJobAsync(AppId, notRetried), 4, Wait);
        Assert.Equal("first run fails on purpose", failed.GetProperty("result").GetString());
    }

    [Fact]
    public async Task An_instance_past_its_time_limit_fails_as_timed_out()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("pause", jobParams: "30000", instanceTimeLimit: 500);
        var instance = await Api.AwaitStatusAsync(AppId, await Api.RunJobAsync(AppId, jobId), 4, Wait);
        Assert.Contains("timed out", instance.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Stop_ends_a_running_instance_and_a_late_worker_report_does_not_overwrite_it()
    {
        await StartWorkerAsync("akka");
        var jobId = await SaveJobAsync("pause", jobParams: "30000", instanceRetryNum: 2);
        var instanceId = await Api.RunJobAsync(AppId, jobId);
        await Api.AwaitStatusAsync(AppId, instanceId, 3, Wait);

        Assert.True((await Api.FormAsync("/openApi/stopInstance", ("appId", AppId), ("instanceId", instanceId))).Success);
        await Api.AwaitStatusAsync(AppId, instanceId, 10, Wait);
        var again = await Api.FormAsync("/openApi/stopInstance", ("appId", AppId), ("instanceId", instanceId));
        Assert.Equal($"only an active instance can be stopped; instance {instanceId} is STOPPED", again.Message);

        await Task.Delay(1500);
        var after = await Api.InstanceAsync(AppId, instanceId);
        Assert.Equal(10, after.GetProperty("status").GetInt32());
        Assert.Equal(1, after.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task Log_lines_written_by_a_processor_are_retrievable_from_the_server()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("chatty");
        var instanceId = await Api.RunJobAsync(AppId, jobId, "p1");
        await Api.AwaitStatusAsync(AppId, instanceId, 5, Wait);

        var logs = await TestNodes.EventuallyAsync(
            async () => (await Api.FormAsync("/openApi/fetchInstanceLog", ("appId", AppId), ("instanceId", instanceId))).Data,
            l => l.GetArrayLength() >= 3, Wait);
        Assert.Equal(["starting", "params are p1", "finishing"], logs.EnumerateArray().Select(l => l.GetProperty("content").GetString()));
        Assert.Equal(["INFO", "WARN", "ERROR"], logs.EnumerateArray().Select(l => l.GetProperty("level").GetString()));
    }
}
