using PowerJob.Akka.Model;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>Scenario 4: one final write failing.</summary>
public sealed class FinalWriteFailureSpecs : FaultFixture
{
    [Fact]
    public async Task A_failed_final_write_keeps_the_instance_active_and_the_worker_is_answered_only_once_it_is_stored()
    {
        var server = Own(await InProcessServer.StartAsync(SqliteConnectionString));
        using var api = new FaultApi(server.BaseUrl);
        var appId = await api.RegisterAppAsync("faults");
        var worker = await StartWorkerAsync("worker", "faults", server.WebAddress, "akka");
        var jobId = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo", jobParams = "stored:" });
        // The instance id is not known before runJob; the first instance of a fresh store is 1.
        server.Faults.FailNext((_, args) => InProcessServer.Writes(args, 1, InstanceStatus.Succeed), times: 2);

        var instanceId = await api.RunJobAsync(appId, jobId, "once");
        Assert.Equal(1, instanceId);

        await worker.Node.WaitForLineAsync($@"final report of instance {instanceId} not acknowledged", TimeSpan.FromSeconds(20));
        var afterFailure = await api.InstanceAsync(appId, instanceId);
        Assert.False(FaultApi.IsFinal(afterFailure), $"the final write failed, yet the store says {afterFailure}");

        await worker.Node.WaitForLineAsync($@"final report of instance {instanceId} acknowledged after", TimeSpan.FromSeconds(30));
        var stored = await api.InstanceAsync(appId, instanceId);
        Assert.True(FaultApi.Status(stored) == 5 && stored.GetProperty("result").GetString() == "stored:once" && stored.GetProperty("attempt").GetInt32() == 1,
            $"the worker was answered before its result was stored: {stored}\n{worker.Node.Output()}");
        var writes = server.Faults.Calls.Where(c => InProcessServer.Writes(c.Args, instanceId, InstanceStatus.Succeed)).ToList();
        Assert.True(writes.Count >= 3 && writes.Take(2).All(w => w.Failed) && !writes[^1].Failed,
            $"expected two failed SUCCEED writes, then a stored one: {string.Join(", ", writes.Select(w => w.Failed ? "failed" : "ok"))}");

        await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(10), () => worker.Node.Output(), expectedCount: 1);
    }

    [Fact]
    public async Task A_failed_final_write_the_server_decides_itself_is_retried_until_stored()
    {
        var server = Own(await InProcessServer.StartAsync(SqliteConnectionString, "--oms.instance.report-timeout=2s"));
        using var api = new FaultApi(server.BaseUrl);
        var appId = await api.RegisterAppAsync("faults");
        var worker = await StartWorkerAsync("worker", "faults", server.WebAddress, "http");
        var jobId = await api.SaveJobAsync(new { appId, jobName = "slow", processorInfo = "sleep", instanceRetryNum = 0 });
        server.Faults.FailNext((_, args) => InProcessServer.Writes(args, 1, InstanceStatus.Failed), times: 3);

        var instanceId = await api.RunJobAsync(appId, jobId, "60000");
        await api.AwaitInstanceAsync(appId, instanceId, i => FaultApi.Status(i) == 3, TimeSpan.FromSeconds(20), () => worker.Node.Output());
        // No worker is left to report again: only the server can retry the FAILED write of the lost run.
        await worker.KillAsync();

        var failed = await api.AwaitInstanceAsync(appId, instanceId, i => FaultApi.Status(i) == 4, TimeSpan.FromSeconds(30), () => worker.Node.Output());
        Assert.Contains("stopped reporting", failed.GetProperty("result").GetString());
        var writes = server.Faults.Calls.Where(c => InProcessServer.Writes(c.Args, instanceId, InstanceStatus.Failed)).ToList();
        Assert.True(writes.Count(w => w.Failed) == 3 && !writes[^1].Failed, string.Join(", ", writes.Select(w => w.Failed ? "failed" : "ok")));
        await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(10), () => worker.Node.Output(), expectedCount: 1);
    }
}
