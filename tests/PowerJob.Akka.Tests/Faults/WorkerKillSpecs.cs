namespace PowerJob.Akka.Tests.Faults;

/// <summary>Scenario 1: a worker SIGKILLed mid-run.</summary>
public sealed class WorkerKillSpecs : FaultFixture
{
    [Theory]
    [InlineData("akka")]
    [InlineData("http")]
    public async Task Killed_worker_instance_leaves_running_within_report_timeout_and_runs_again_on_another_worker(string protocol)
    {
        var server = await StartSqliteServerAsync();
        using var api = new FaultApi(server);
        var appId = await api.RegisterAppAsync("faults");
        var first = await StartWorkerAsync("worker-1", "faults", server, protocol);
        var second = await StartWorkerAsync("worker-2", "faults", server, protocol);
        var jobId = await api.SaveJobAsync(new { appId, jobName = "slow", processorInfo = "sleep", instanceRetryNum = 1 });

        var instanceId = await api.RunJobAsync(appId, jobId, instanceParams: "4000");
        var running = await api.AwaitInstanceAsync(appId, instanceId, i => FaultApi.Status(i) == 3, TimeSpan.FromSeconds(20), () => Output(server));
        var (victim, survivor) = running.GetProperty("taskTrackerAddress").GetString() == first.Address ? (first, second) : (second, first);
        await victim.KillAsync();
        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var done = await api.AwaitInstanceAsync(appId, instanceId, i => FaultApi.Status(i) == 5, TimeSpan.FromSeconds(30), () => Output(server));
        Assert.Equal(survivor.Address, done.GetProperty("taskTrackerAddress").GetString());
        Assert.Equal(2, done.GetProperty("attempt").GetInt32());
        Assert.Equal("slept 4000 ms", done.GetProperty("result").GetString());
        // The first transition out of attempt 1's RUNNING: within the report timeout and a heartbeat of the kill
        // (plus a second for a loaded machine: the timer and the store write).
        var transitions = done.GetProperty("transitions").EnumerateArray().ToList();
        var runningIndex = transitions.FindIndex(t => t.GetProperty("status").GetInt32() == 3);
        var left = transitions[runningIndex + 1];
        var waited = TimeSpan.FromMilliseconds(left.GetProperty("at").GetInt64() - killedAt);
        Assert.True(waited <= ReportTimeout + Heartbeat + TimeSpan.FromSeconds(1),
            $"attempt 1 left RUNNING {waited.TotalSeconds:0.0} s after the kill ({left}); allowed {(ReportTimeout + Heartbeat).TotalSeconds} s + 1 s");

        await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(10), () => Output(server), expectedCount: 1);
    }
}
