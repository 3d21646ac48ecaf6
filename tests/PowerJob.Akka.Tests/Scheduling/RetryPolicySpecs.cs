using PowerJob.Akka.Model;
using PowerJob.Akka.Worker.Processors;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>A job's retry interval and backoff, measured on the times of its instance's stored transitions.</summary>
[Collection(Support.TimingCollection.Name)]
public sealed class RetryPolicySpecs : SchedulingFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Exponential_backoff_doubles_the_wait_between_attempts_up_to_the_cap()
    {
        await StartWorkerAsync("http", s => s.AddPowerJobProcessor<AlwaysFailsProcessor>("always-fails"));
        var jobId = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "backoff", processorInfo = "always-fails", executeType = "STANDALONE", timeExpressionType = "API",
            instanceRetryNum = 4,
            advancedRuntimeConfig = new { retryInterval = 300, retryBackoff = "EXPONENTIAL", retryMaxInterval = 1000 },
        });

        var waits = await RetryWaitsAsync(await Api.RunJobAsync(AppId, jobId));

        Assert.Equal(4, waits.Count);
        AssertWait(300, waits[0]);
        AssertWait(600, waits[1]);
        AssertWait(1000, waits[2]);
        AssertWait(1000, waits[3]);
    }

    [Fact]
    public async Task A_fixed_interval_waits_the_same_before_every_retry()
    {
        await StartWorkerAsync("http", s => s.AddPowerJobProcessor<AlwaysFailsProcessor>("always-fails"));
        var jobId = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "fixed", processorInfo = "always-fails", executeType = "STANDALONE", timeExpressionType = "API",
            instanceRetryNum = 2, advancedRuntimeConfig = new { retryInterval = 700, retryBackoff = "FIXED" },
        });

        var waits = await RetryWaitsAsync(await Api.RunJobAsync(AppId, jobId));

        Assert.Equal(2, waits.Count);
        Assert.All(waits, w => AssertWait(700, w));
    }

    [Fact]
    public void Backoff_arithmetic_and_validation()
    {
        var policy = RetryPolicy.Read("{\"retryInterval\":1000,\"retryBackoff\":\"exponential\",\"retryMaxInterval\":5000}", TimeSpan.FromSeconds(5));
        Assert.Equal([1000, 2000, 4000, 5000, 5000], Enumerable.Range(1, 5).Select(n => policy.DelayBefore(n).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Read(null, TimeSpan.FromSeconds(5)).DelayBefore(3));
        Assert.Equal("advancedRuntimeConfig.retryBackoff 'LINEAR' is invalid: allowed values are FIXED, EXPONENTIAL",
            RetryPolicy.Validate("{\"retryBackoff\":\"LINEAR\"}"));
        Assert.Equal("advancedRuntimeConfig.retryInterval '-5' is invalid: expected a positive number of milliseconds",
            RetryPolicy.Validate("{\"retryInterval\":-5}"));
    }

    private static void AssertWait(int expectedMs, TimeSpan measured) =>
        Assert.True(measured.TotalMilliseconds >= expectedMs - 15 && measured.TotalMilliseconds < expectedMs + 1500,
            $"expected a wait of {expectedMs} ms, measured {measured.TotalMilliseconds} ms");

    /// <summary>Per retry: from the stored "attempt n failed" transition to the next dispatch.</summary>
    private async Task<IReadOnlyList<TimeSpan>> RetryWaitsAsync(long instanceId)
    {
        await Api.AwaitStatusAsync(AppId, instanceId, 4, Wait);
        var transitions = await Server.Services.GetRequiredService<IPowerJobStore>().ListTransitionsAsync(instanceId);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < transitions.Count; i++)
        {
            if (transitions[i] is not { Status: InstanceStatus.WaitingDispatch, Note: { } note } failed || !note.Contains("failed")) continue;
            var next = transitions.Skip(i + 1).First(t => t.Status == InstanceStatus.WaitingWorkerReceive);
            waits.Add(next.At - failed.At);
        }
        return waits;
    }
}
