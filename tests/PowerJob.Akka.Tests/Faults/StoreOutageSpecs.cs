using System.Text.Json;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>Scenario 3: the store unavailable for a while under a CRON load; <c>/health</c> says so while it is.</summary>
public sealed class StoreOutageSpecs : FaultFixture
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Health_reports_the_store_down_while_the_sqlite_file_is_locked_and_up_again_after()
    {
        var server = await StartSqliteServerAsync();
        Assert.Equal("UP", (await server.HealthAsync()).GetProperty("store").GetProperty("status").GetString());

        await using (await SqliteLock.TakeAsync(SqliteFile))
        {
            var down = await AwaitHealthAsync(server, "DOWN", TimeSpan.FromSeconds(10));
            Assert.Equal("DOWN", down.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(down.GetProperty("store").GetProperty("error").GetString()), down.ToString());
        }

        await AwaitHealthAsync(server, "UP", TimeSpan.FromSeconds(15));
    }

    [PostgresServerFact]
    public async Task Cron_schedules_resume_after_postgres_is_stopped_for_ten_seconds_and_nothing_is_left_active()
    {
        var pg = Own(await ThrowawayPostgres.StartAsync());
        var server = await StartServerAsync("postgres", pg.ConnectionString, "--oms.instance.report-timeout=15s");
        using var api = new FaultApi(server);
        var appId = await api.RegisterAppAsync("faults");
        await StartWorkerAsync("worker-1", "faults", server, "http");
        await StartWorkerAsync("worker-2", "faults", server, "akka");
        var jobs = new List<long>();
        for (var i = 0; i < 3; i++)
            jobs.Add(await api.SaveJobAsync(new
            {
                appId, jobName = $"cron-{i}", processorInfo = "echo", jobParams = $"cron-{i}", timeExpressionType = "CRON",
                timeExpression = "* * * * * ?",
            }));
        await AwaitSucceededAfterAsync(api, appId, jobs, 0, 2, server);
        Assert.Equal("UP", (await server.HealthAsync()).GetProperty("status").GetString());

        await pg.StopAsync();
        var downAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var down = await AwaitHealthAsync(server, "DOWN", TimeSpan.FromSeconds(8));
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, downAt + Outage.TotalMilliseconds - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        Assert.Equal("DOWN", (await server.HealthAsync()).GetProperty("store").GetProperty("status").GetString());
        await pg.StartServerAsync();
        var upAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await AwaitHealthAsync(server, "UP", TimeSpan.FromSeconds(15));

        // Schedules resume: every job fires and succeeds again after the outage.
        await AwaitSucceededAfterAsync(api, appId, jobs, upAt + 1000, 3, server);
        foreach (var job in jobs)
        {
            var disabled = await api.FormAsync("/openApi/disableJob", ("appId", appId), ("jobId", job));
            Assert.True(disabled.Success, disabled.Message);
        }
        var instances = await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(60), () => Output(server));

        // Misfire policy: the fires due while the store was away are fired once, late; the rest of the gap is skipped. A fire
        // claimed as the store went away (claims run the claim lead ahead) is due up to the lead after it: not in the gap.
        var gapStart = downAt + (long)PowerJob.Akka.Server.Scheduling.AppSchedulerActor.Lead.TotalMilliseconds + 500;
        foreach (var job in jobs)
        {
            var inGap = instances.Where(i => i.GetProperty("jobId").GetInt64() == job)
                .Select(i => i.GetProperty("expectedTriggerTime").GetInt64()).Where(t => t > gapStart && t < upAt - 500).ToList();
            Assert.True(inGap.Count <= 1, $"job {job}: {inGap.Count} fires due in the outage were fired; the misfire policy fires one\n{down}");
        }
    }

    private static async Task<JsonElement> AwaitHealthAsync(ServerProcess server, string storeStatus, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var health = await server.HealthAsync();
            if (health.GetProperty("store").GetProperty("status").GetString() == storeStatus) return health;
            if (cts.IsCancellationRequested)
                Assert.Fail($"/health did not report the store {storeStatus} within {timeout.TotalSeconds} s: {health}\n{server.Node.Output()}");
            await Task.Delay(100);
        }
    }

    private async Task AwaitSucceededAfterAsync(FaultApi api, long appId, List<long> jobs, long dueAfter, int count, ServerProcess server)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while (true)
        {
            var instances = await api.InstancesAsync(appId);
            var short_ = jobs.Where(j => instances.Count(i => i.GetProperty("jobId").GetInt64() == j && FaultApi.Status(i) == 5
                && i.GetProperty("expectedTriggerTime").GetInt64() > dueAfter) < count).ToList();
            if (short_.Count == 0) return;
            if (cts.IsCancellationRequested)
                Assert.Fail($"jobs {string.Join(",", short_)} have fewer than {count} succeeded fires due after {dueAfter}\n{Output(server)}");
            await Task.Delay(250);
        }
    }
}

/// <summary>A scenario that needs a PostgreSQL server of its own: skipped only where no PostgreSQL binaries are installed.</summary>
public sealed class PostgresServerFactAttribute : FactAttribute
{
    public PostgresServerFactAttribute()
    {
        if (ThrowawayPostgres.FindBinaries() is null)
            Skip = "no PostgreSQL server binaries under /usr/lib/postgresql (CI installs them)";
    }
}
