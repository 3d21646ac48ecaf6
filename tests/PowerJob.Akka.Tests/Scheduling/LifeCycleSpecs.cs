using PowerJob.Akka.Storage;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>PowerJob's <c>lifeCycle</c>: a timed job fires only between its start and end.</summary>
[Collection(TimingCollection.Name)]
public sealed class LifeCycleSpecs : SchedulingFixture
{
    [Fact]
    public async Task A_job_fires_only_inside_its_life_cycle()
    {
        await StartWorkerAsync("http");
        // Whole milliseconds, as the job's life cycle carries them.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var start = now.AddSeconds(2);
        var end = now.AddSeconds(4);
        var windowed = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "windowed", processorInfo = "echo", executeType = "STANDALONE", timeExpressionType = "FIXED_RATE",
            timeExpression = "300", lifeCycle = new { start = start.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds() },
        });
        var expired = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "expired", processorInfo = "echo", executeType = "STANDALONE", timeExpressionType = "FIXED_RATE",
            timeExpression = "300", lifeCycle = new { start = now.AddDays(-2).ToUnixTimeMilliseconds(), end = now.AddDays(-1).ToUnixTimeMilliseconds() },
        });
        var store = Server.Services.GetRequiredService<IPowerJobStore>();

        var job = await TestNodes.EventuallyAsync(() => store.FindJobAsync(windowed), j => j!.NextTriggerTime is null && DateTimeOffset.UtcNow > end,
            TimeSpan.FromSeconds(30));
        Assert.Null(job!.NextTriggerTime);
        var instances = await store.QueryInstancesAsync(new InstanceQuery(AppId, JobId: windowed, Limit: 1000));
        Assert.InRange(instances.Count, 1, 7);
        Assert.All(instances, i => Assert.InRange(i.ExpectedTriggerTime!.Value, start, end));
        Assert.Empty(await store.QueryInstancesAsync(new InstanceQuery(AppId, JobId: expired)));
        Assert.Null((await store.FindJobAsync(expired))!.NextTriggerTime);
    }
}
