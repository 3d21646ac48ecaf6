using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Scheduling;

[Collection(TimingCollection.Name)]
public class TimedJobSpecs : SchedulingFixture
{
    [Theory]
    [InlineData("akka")]
    [InlineData("http")]
    public async Task Cron_every_second_fires_on_time_for_five_seconds_and_all_succeed(string protocol)
    {
        await StartWorkerAsync(protocol);
        var jobId = await SaveJobAsync("echo", "CRON", "*/1 * * * * *");
        var instances = await TestNodes.EventuallyAsync(() => Api.InstancesOfJobAsync(AppId, jobId),
            all => all.Count(i => i.GetProperty("status").GetInt32() == 5) >= 6, TimeSpan.FromSeconds(13));
        await Api.FormAsync("/openApi/disableJob", ("appId", AppId), ("jobId", jobId));

        // The first fire also pays for saving the job and JIT-compiling the dispatch path; the five after it are measured.
        var fires = instances.OrderBy(i => Ms(i, "expectedTriggerTime")).Skip(1).Take(5).ToList();
        Assert.All(fires, i => Assert.Equal(5, i.GetProperty("status").GetInt32()));
        var expected = fires.Select(i => Ms(i, "expectedTriggerTime")).ToList();
        Assert.All(expected.Zip(expected.Skip(1)), pair => Assert.Equal(1000, pair.Second - pair.First));
        Assert.All(fires, i => Assert.InRange(Ms(i, "actualTriggerTime") - Ms(i, "expectedTriggerTime"), 0, 200));
    }

    [Fact]
    public async Task Saving_an_unchanged_cron_job_again_never_fires_a_second_a_second_time()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("echo", "CRON", "*/1 * * * * *");
        for (var i = 0; i < 12; i++)
        {
            await Api.SaveJobAsync(new
            {
                id = jobId, appId = AppId, jobName = "echo", jobDescription = $"edit {i}", processorInfo = "echo",
                timeExpressionType = "CRON", timeExpression = "*/1 * * * * *",
            });
            await Api.FormAsync("/openApi/enableJob", ("appId", AppId), ("jobId", jobId));
            await Task.Delay(250);
        }
        await Api.FormAsync("/openApi/disableJob", ("appId", AppId), ("jobId", jobId));

        var expected = (await Api.InstancesOfJobAsync(AppId, jobId)).Select(i => Ms(i, "expectedTriggerTime")).ToList();
        Assert.True(expected.Count >= 2, $"only {expected.Count} fires");
        Assert.Equal(expected.Count, expected.Distinct().Count());
    }

    [Fact]
    public async Task Saving_and_enabling_an_unchanged_cron_job_50_times_within_10_s_never_doubles_a_due_time()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("echo", "CRON", "*/1 * * * * *");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            await Api.SaveJobAsync(new
            {
                id = jobId, appId = AppId, jobName = "echo", jobDescription = $"edit {i}", processorInfo = "echo",
                timeExpressionType = "CRON", timeExpression = "*/1 * * * * *",
            });
            Assert.True((await Api.FormAsync("/openApi/enableJob", ("appId", AppId), ("jobId", jobId))).Success);
            await Task.Delay(100);
        }
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await Api.FormAsync("/openApi/disableJob", ("appId", AppId), ("jobId", jobId));

        var expected = (await Api.InstancesOfJobAsync(AppId, jobId)).Select(i => Ms(i, "expectedTriggerTime")).ToList();
        Assert.True(expected.Count >= 4, $"only {expected.Count} fires");
        Assert.Equal(expected.Count, expected.Distinct().Count());
    }

    [Fact]
    public async Task Fixed_rate_fires_at_its_rate()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("echo", "FIXED_RATE", "400");
        var instances = await TestNodes.EventuallyAsync(() => Api.InstancesOfJobAsync(AppId, jobId),
            all => all.Count(i => i.GetProperty("status").GetInt32() == 5) >= 4, TimeSpan.FromSeconds(10));
        await Api.FormAsync("/openApi/disableJob", ("appId", AppId), ("jobId", jobId));

        var expected = instances.Select(i => Ms(i, "expectedTriggerTime")).Order().Take(4).ToList();
        Assert.All(expected.Zip(expected.Skip(1)), pair => Assert.Equal(400, pair.Second - pair.First));
    }

    [Fact]
    public async Task Fixed_delay_waits_for_the_previous_run_to_finish()
    {
        await StartWorkerAsync("akka");
        var jobId = await SaveJobAsync("pause", "FIXED_DELAY", "300", jobParams: "400");
        var instances = await TestNodes.EventuallyAsync(() => Api.InstancesOfJobAsync(AppId, jobId),
            all => all.Count(i => i.GetProperty("status").GetInt32() == 5) >= 3, TimeSpan.FromSeconds(15));
        await Api.FormAsync("/openApi/disableJob", ("appId", AppId), ("jobId", jobId));

        var done = instances.Where(i => i.GetProperty("status").GetInt32() == 5).OrderBy(i => Ms(i, "expectedTriggerTime")).ToList();
        foreach (var (previous, next) in done.Zip(done.Skip(1)))
            Assert.True(Ms(next, "actualTriggerTime") >= Ms(previous, "finishedTime") + 290,
                $"instance {next.GetProperty("instanceId")} started {Ms(next, "actualTriggerTime") - Ms(previous, "finishedTime")} ms after the previous finished");
    }
}
