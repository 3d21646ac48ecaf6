using PowerJob.Akka.Model;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>Scenario 5: stop, cancel and retry are answered only once stored, and a stop answered survives a server kill.</summary>
public sealed class CommandSpecs : FaultFixture
{
    [Fact]
    public async Task Stop_cancel_and_retry_are_refused_when_their_write_fails_and_stored_when_answered()
    {
        var server = Own(await InProcessServer.StartAsync(SqliteConnectionString));
        using var api = new FaultApi(server.BaseUrl);
        var appId = await api.RegisterAppAsync("faults");
        var worker = await StartWorkerAsync("worker", "faults", server.WebAddress, "http");
        var sleep = await api.SaveJobAsync(new { appId, jobName = "sleep", processorInfo = "sleep" });
        var echo = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo" });

        var running = await api.RunJobAsync(appId, sleep, "60000");
        await api.AwaitInstanceAsync(appId, running, i => FaultApi.Status(i) == 3, TimeSpan.FromSeconds(20), () => worker.Node.Output());
        await RefusedThenStoredAsync(api, server, appId, running, "/openApi/stopInstance", InstanceStatus.Stopped, 10);

        var delayed = await api.RunJobAsync(appId, echo, "later", delay: 60_000);
        await RefusedThenStoredAsync(api, server, appId, delayed, "/openApi/cancelInstance", InstanceStatus.Canceled, 9);

        var done = await api.RunJobAsync(appId, echo, "again");
        await api.AwaitInstanceAsync(appId, done, i => FaultApi.Status(i) == 5, TimeSpan.FromSeconds(20), () => worker.Node.Output());
        await RefusedThenStoredAsync(api, server, appId, done, "/openApi/retryInstance", InstanceStatus.WaitingDispatch, null);

        await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(30), () => worker.Node.Output(), expectedCount: 3);
    }

    [Fact]
    public async Task A_stop_and_a_cancel_answered_just_before_the_server_is_killed_are_kept_after_its_restart()
    {
        var server = await StartSqliteServerAsync("--oms.instance.worker-grace=60s");
        using var api = new FaultApi(server);
        var appId = await api.RegisterAppAsync("faults");
        var worker = await StartWorkerAsync("worker", "faults", server, "akka");
        var sleep = await api.SaveJobAsync(new { appId, jobName = "sleep", processorInfo = "sleep" });
        var echo = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo" });
        var running = await api.RunJobAsync(appId, sleep, "60000");
        var delayed = await api.RunJobAsync(appId, echo, "canceled", delay: 4000);
        await api.AwaitInstanceAsync(appId, running, i => FaultApi.Status(i) == 3, TimeSpan.FromSeconds(20), () => Output(server));

        var stop = await api.FormAsync("/openApi/stopInstance", ("appId", appId), ("instanceId", running));
        var cancel = await api.FormAsync("/openApi/cancelInstance", ("appId", appId), ("instanceId", delayed));
        await server.KillAsync();
        Assert.True(stop.Success && cancel.Success, $"{stop.Message} / {cancel.Message}");
        await server.RestartAsync();

        // A marker due after the canceled instance's time: once it ran, the canceled one would have too.
        var marker = await api.RunJobAsync(appId, echo, "marker", delay: 4000);
        await api.AwaitInstanceAsync(appId, marker, i => FaultApi.Status(i) == 5, TimeSpan.FromSeconds(40), () => Output(server));
        var settled = await FaultInvariants.AssertAllSettledAsync(api, appId, TimeSpan.FromSeconds(30), () => Output(server), expectedCount: 3);
        var byId = settled.ToDictionary(i => i.GetProperty("instanceId").GetInt64());
        Assert.True(FaultApi.Status(byId[running]) == 10, $"stopped instance: {byId[running]}\n{Output(server)}");
        Assert.True(FaultApi.Status(byId[delayed]) == 9, $"canceled instance: {byId[delayed]}\n{Output(server)}");
    }

    private static async Task RefusedThenStoredAsync(FaultApi api, InProcessServer server, long appId, long instanceId, string path,
        InstanceStatus written, int? storedStatus)
    {
        var before = FaultApi.Status(await api.InstanceAsync(appId, instanceId));
        server.Faults.FailNext((_, args) => InProcessServer.Writes(args, instanceId, written));
        var refused = await api.FormAsync(path, ("appId", appId), ("instanceId", instanceId));
        Assert.False(refused.Success, $"{path} answered success although its write failed: {refused.Message}");
        Assert.Equal(before, FaultApi.Status(await api.InstanceAsync(appId, instanceId)));

        var accepted = await api.FormAsync(path, ("appId", appId), ("instanceId", instanceId));
        Assert.True(accepted.Success, $"{path}: {accepted.Message}");
        var after = await api.InstanceAsync(appId, instanceId);
        if (storedStatus is { } status) Assert.Equal(status, FaultApi.Status(after));
        else Assert.Contains(after.GetProperty("transitions").EnumerateArray(),
            t => t.GetProperty("status").GetInt32() == (int)written && t.GetProperty("note").GetString()?.Contains("retry") == true);
    }
}
