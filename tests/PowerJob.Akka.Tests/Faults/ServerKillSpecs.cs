namespace PowerJob.Akka.Tests.Faults;

/// <summary>Scenario 2: the only server SIGKILLed with instances waiting, running and just finished, then restarted.</summary>
public sealed class ServerKillSpecs : FaultFixture
{
    [Fact]
    public async Task Restarted_server_finishes_every_instance_and_takes_the_results_reported_while_it_was_down()
    {
        // A report timeout above the workers' largest report backoff (5 s): a result reported after the restart arrives
        // before the resumed instance would be taken as lost.
        // The default worker grace: workers find a restarted server again within their discovery backoff (at most 10 s).
        var server = await StartSqliteServerAsync("--oms.instance.report-timeout=15s", "--oms.instance.worker-grace=15s");
        using var api = new FaultApi(server);
        var appId = await api.RegisterAppAsync("faults");
        var akkaWorker = await StartWorkerAsync("worker-akka", "faults", server, "akka");
        var httpWorker = await StartWorkerAsync("worker-http", "faults", server, "http");
        var sleep = await api.SaveJobAsync(new { appId, jobName = "sleep", processorInfo = "sleep", instanceRetryNum = 2 });
        var echo = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo", jobParams = "echo:" });

        var finished = await api.RunJobAsync(appId, echo, "before");
        await api.AwaitInstanceAsync(appId, finished, i => FaultApi.Status(i) == 5, TimeSpan.FromSeconds(20), () => Output(server));
        // Running through the downtime: they finish while the server is down, so their results can only come after.
        var running = new List<long>();
        for (var i = 0; i < 4; i++) running.Add(await api.RunJobAsync(appId, sleep, "2500"));
        var runningOn = new Dictionary<long, WorkerProcess>();
        foreach (var id in running)
        {
            var instance = await api.AwaitInstanceAsync(appId, id, i => FaultApi.Status(i) == 3, TimeSpan.FromSeconds(20), () => Output(server));
            runningOn[id] = instance.GetProperty("taskTrackerAddress").GetString() == akkaWorker.Address ? akkaWorker : httpWorker;
        }
        // Waiting: due only after the restart.
        var waiting = new List<long>();
        for (var i = 0; i < 3; i++) waiting.Add(await api.RunJobAsync(appId, echo, $"later-{i}", delay: 4000));
        // Just finished: its report is in flight or just stored when the server dies.
        var justFinished = await api.RunJobAsync(appId, echo, "just");
        await api.AwaitInstanceAsync(appId, justFinished, i => FaultApi.Status(i) is 3 or 5, TimeSpan.FromSeconds(20), () => Output(server));

        await server.KillAsync();
        // Down for longer than the sleeps and than a worker used to keep a final report (about 3 s).
        await Task.WhenAll(running.Select(id => runningOn[id].Node.WaitForLineAsync($@"instance {id} \(attempt 1\) SUCCEED", TimeSpan.FromSeconds(30))));
        await Task.Delay(TimeSpan.FromSeconds(5));
        await server.RestartAsync();

        var settled = await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(60), () => Output(server), expectedCount: 9);
        var byId = settled.ToDictionary(i => i.GetProperty("instanceId").GetInt64());
        foreach (var id in running)
        {
            var instance = await api.InstanceAsync(appId, id);
            Assert.True(FaultApi.Status(instance) == 5 && instance.GetProperty("attempt").GetInt32() == 1
                        && instance.GetProperty("result").GetString() == "slept 2500 ms",
                $"instance {id} should have succeeded in attempt 1 with the result reported during the downtime: {instance}\n{Output(server)}");
        }
        foreach (var id in waiting.Append(finished).Append(justFinished))
            Assert.True(FaultApi.Status(byId[id]) == 5, $"instance {id}: {byId[id]}\n{Output(server)}");
        Assert.Equal("echo:before", byId[finished].GetProperty("result").GetString());
        Assert.Equal("echo:just", byId[justFinished].GetProperty("result").GetString());
    }
}
