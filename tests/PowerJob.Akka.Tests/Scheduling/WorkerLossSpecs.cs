namespace PowerJob.Akka.Tests.Scheduling;

public class WorkerLossSpecs : SchedulingFixture
{
    [Theory]
    [InlineData("akka")]
    [InlineData("http")]
    public async Task Killing_the_worker_mid_instance_retries_on_another_worker_and_succeeds_once(string protocol)
    {
        var first = await StartWorkerAsync(protocol);
        var second = await StartWorkerAsync(protocol);
        var jobId = await SaveJobAsync("pause", jobParams: "1500", instanceRetryNum: 1);
        var instanceId = await Api.RunJobAsync(AppId, jobId);

        var running = await Api.AwaitStatusAsync(AppId, instanceId, 3, TimeSpan.FromSeconds(10));
        var lost = running.GetProperty("taskTrackerAddress").GetString();
        var (victim, survivor) = lost == (await first.HealthAsync()).WorkerAddress ? (first, second) : (second, first);
        await victim.DisposeAsync();

        var done = await Api.AwaitStatusAsync(AppId, instanceId, 5, TimeSpan.FromSeconds(20));
        Assert.Equal((await survivor.HealthAsync()).WorkerAddress, done.GetProperty("taskTrackerAddress").GetString());
        Assert.Equal(2, done.GetProperty("attempt").GetInt32());
        var succeeded = done.GetProperty("transitions").EnumerateArray().Count(t => t.GetProperty("statusName").GetString() == "SUCCEED");
        Assert.Equal(1, succeeded);
    }
}
