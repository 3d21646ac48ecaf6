namespace PowerJob.Akka.Tests.Faults;

/// <summary>Store errors while an app's jobs are loaded (start, take-over) are retried, so no job is left without a schedule.</summary>
public sealed class StoreReadFailureSpecs : FaultFixture
{
    [Fact]
    public async Task A_cron_job_is_scheduled_although_loading_the_apps_jobs_failed_at_start()
    {
        long appId, jobId;
        await using (var first = await InProcessServer.StartAsync(SqliteConnectionString))
        {
            using var setup = new FaultApi(first.BaseUrl);
            appId = await setup.RegisterAppAsync("faults");
            jobId = await setup.SaveJobAsync(new
            {
                appId, jobName = "cron", processorInfo = "echo", jobParams = "tick", timeExpressionType = "CRON", timeExpression = "* * * * * ?",
            });
        }

        var server = Own(await InProcessServer.StartAsync(SqliteConnectionString,
            faults => faults.FailNext((method, _) => method == "ListSchedulableJobsAsync", times: 2)));
        var restartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var api = new FaultApi(server.BaseUrl);
        api.SignInAs(appId, "faults");
        var worker = await StartWorkerAsync("worker", "faults", server.WebAddress, "http");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while (true)
        {
            var fired = (await api.InstancesAsync(appId)).Count(i => i.GetProperty("jobId").GetInt64() == jobId && FaultApi.Status(i) == 5
                && i.GetProperty("expectedTriggerTime").GetInt64() > restartedAt);
            if (fired >= 2) break;
            Assert.False(cts.IsCancellationRequested, $"the CRON job did not fire after the failed loads; {fired} fire(s)\n{worker.Node.Output()}");
            await Task.Delay(250);
        }
        Assert.True(server.Faults.Calls.Count(c => c.Method == "ListSchedulableJobsAsync" && c.Failed) == 2);
        await api.FormAsync("/openApi/disableJob", ("appId", appId), ("jobId", jobId));
        await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(20), () => worker.Node.Output());
    }
}
