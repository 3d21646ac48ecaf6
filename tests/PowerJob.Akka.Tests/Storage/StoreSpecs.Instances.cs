using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

public abstract partial class StoreSpecs
{
    [StoreFact]
    public async Task Firing_claims_a_trigger_time_exactly_once()
    {
        var (appId, jobId) = await TimedJobAsync(next: T0);

        var fired = await Store.FireAsync(jobId, T0, T0.AddSeconds(15), NewInstance(appId, jobId, expected: T0));
        var again = await Store.FireAsync(jobId, T0, T0.AddSeconds(30), NewInstance(appId, jobId, expected: T0));

        Assert.NotNull(fired);
        Assert.True(fired.InstanceId > 0);
        Assert.Equal(NewInstance(appId, jobId, expected: T0) with { InstanceId = fired.InstanceId }, fired);
        Assert.Equal(fired, await Store.FindInstanceAsync(fired.InstanceId));
        Assert.Null(again);
        Assert.Equal(T0.AddSeconds(15), (await Store.FindJobAsync(jobId))!.NextTriggerTime);
        Assert.Single(await Store.QueryInstancesAsync(new InstanceQuery(appId)));
        Assert.Equal([new InstanceTransition(fired.InstanceId, InstanceStatus.WaitingDispatch, T0, null)],
            await Store.ListTransitionsAsync(fired.InstanceId));

        Assert.NotNull(await Store.FireAsync(jobId, T0.AddSeconds(15), null, NewInstance(appId, jobId)));
        Assert.Null((await Store.FindJobAsync(jobId))!.NextTriggerTime);
    }

    [StoreFact]
    public async Task Firing_compares_a_null_trigger_time_as_a_value()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);

        Assert.Null(await Store.FireAsync(jobId, T0, T0.AddSeconds(1), NewInstance(appId, jobId)));
        Assert.NotNull(await Store.FireAsync(jobId, null, T0.AddSeconds(1), NewInstance(appId, jobId)));
        Assert.Null(await Store.FireAsync(jobId, null, T0.AddSeconds(2), NewInstance(appId, jobId)));
        Assert.Null(await Store.FireAsync(jobId + 1000, null, null, NewInstance(appId, jobId + 1000)));
        Assert.Equal(1, await Store.CountActiveInstancesAsync(jobId));
    }

    [StoreFact]
    public async Task Concurrent_fires_from_two_servers_yield_exactly_one_instance()
    {
        var (appId, jobId) = await TimedJobAsync(next: T0);
        IPowerJobStore[] servers = [NewStore(), NewStore()];

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            servers[i % 2].FireAsync(jobId, T0, T0.AddSeconds(15), NewInstance(appId, jobId, expected: T0) with { JobParams = $"server {i % 2}" }))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal([winner!.InstanceId], (await Store.QueryInstancesAsync(new InstanceQuery(appId))).Select(i => i.InstanceId));
        Assert.Single(await Store.ListTransitionsAsync(winner.InstanceId));
        Assert.Equal(T0.AddSeconds(15), (await Store.FindJobAsync(jobId))!.NextTriggerTime);
    }

    [StoreFact]
    public async Task An_update_from_a_stale_attempt_or_status_changes_nothing()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var created = await Store.InsertInstanceAsync(NewInstance(appId, jobId) with { Attempt = 1 }, "run by API");
        var id = created.InstanceId;
        var dispatched = created with
        {
            Status = InstanceStatus.WaitingWorkerReceive, ActualTriggerTime = T0.AddSeconds(1), TaskTrackerAddress = "10.0.0.1:27777",
            UpdatedAt = T0.AddSeconds(1),
        };
        var running = dispatched with { Status = InstanceStatus.Running, RunningTimes = 1, LastReportTime = T0.AddSeconds(2), UpdatedAt = T0.AddSeconds(2) };
        var retried = running with { Status = InstanceStatus.WaitingDispatch, Attempt = 2, UpdatedAt = T0.AddSeconds(3) };
        var staleReport = running with { Status = InstanceStatus.Succeed, Result = "stale", UpdatedAt = T0.AddSeconds(4) };

        Assert.False(await Store.UpdateInstanceAsync(dispatched, InstanceStatus.WaitingDispatch, expectedAttempt: 0, null));
        Assert.False(await Store.UpdateInstanceAsync(dispatched, InstanceStatus.Running, expectedAttempt: 1, "ignored"));
        Assert.Equal(created, await Store.FindInstanceAsync(id));

        Assert.True(await Store.UpdateInstanceAsync(dispatched, InstanceStatus.WaitingDispatch, 1, null));
        Assert.True(await Store.UpdateInstanceAsync(running, InstanceStatus.WaitingWorkerReceive, 1, null));
        Assert.True(await Store.UpdateInstanceAsync(retried, InstanceStatus.Running, 1, "worker report timeout"));
        Assert.False(await Store.UpdateInstanceAsync(staleReport, InstanceStatus.Running, 1, "late report"));
        Assert.False(await Store.UpdateInstanceAsync(staleReport, InstanceStatus.WaitingDispatch, 1, "late report"));
        Assert.Equal(retried, await Store.FindInstanceAsync(id));

        Assert.Equal(
        [
            new InstanceTransition(id, InstanceStatus.WaitingDispatch, T0, "run by API"),
            new InstanceTransition(id, InstanceStatus.WaitingWorkerReceive, T0.AddSeconds(1), null),
            new InstanceTransition(id, InstanceStatus.Running, T0.AddSeconds(2), null),
            new InstanceTransition(id, InstanceStatus.WaitingDispatch, T0.AddSeconds(3), "worker report timeout"),
        ], await Store.ListTransitionsAsync(id));
    }

    [StoreFact]
    public async Task A_write_records_every_transition_it_carries_in_order()
    {
        var (appId, jobId) = await TimedJobAsync(next: T0);
        // Six, so the rows go in more than one statement; pairs at the same time, so their order is the order written.
        var claimed = Enumerable.Range(0, 6).Select(i => new StatusChange(
            i % 2 == 0 ? InstanceStatus.WaitingDispatch : InstanceStatus.WaitingWorkerReceive, T0.AddSeconds(i / 2), $"step {i}")).ToList();

        var fired = await Store.FireAsync(jobId, T0, T0.AddSeconds(15), NewInstance(appId, jobId, expected: T0), transitions: claimed);
        var succeeded = fired! with { Status = InstanceStatus.Succeed, Result = "done", UpdatedAt = T0.AddSeconds(11) };
        Assert.True(await Store.UpdateInstanceAsync(succeeded, fired.Status, fired.Attempt, "finished",
            earlier: [new StatusChange(InstanceStatus.Running, T0.AddSeconds(11))]));

        Assert.Equal(
        [
            .. claimed.Select(c => (c.Status, c.At, c.Note)),
            (InstanceStatus.Running, T0.AddSeconds(11), null),
            (InstanceStatus.Succeed, T0.AddSeconds(11), "finished"),
        ], (await Store.ListTransitionsAsync(fired.InstanceId)).Select(t => (t.Status, t.At, t.Note)));
    }

    [StoreFact]
    public async Task A_transition_is_recorded_for_a_status_change_or_a_note_only()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var running = await Store.InsertInstanceAsync(NewInstance(appId, jobId) with { Status = InstanceStatus.Running, CreatedAt = T0.AddSeconds(5) }, null);
        var id = running.InstanceId;

        Assert.True(await Store.UpdateInstanceAsync(running with { LastReportTime = T0.AddSeconds(6) }, InstanceStatus.Running, 0, null));
        Assert.True(await Store.UpdateInstanceAsync(running with { UpdatedAt = T0.AddSeconds(5) }, InstanceStatus.Running, 0, "progress 50%"));
        Assert.True(await Store.UpdateInstanceAsync(running with { Status = InstanceStatus.Succeed, UpdatedAt = T0.AddSeconds(1) },
            InstanceStatus.Running, 0, null));

        Assert.Equal(
        [
            (InstanceStatus.Succeed, T0.AddSeconds(1), (string?)null),
            (InstanceStatus.Running, T0.AddSeconds(5), null),
            (InstanceStatus.Running, T0.AddSeconds(5), "progress 50%"),
        ], (await Store.ListTransitionsAsync(id)).Select(t => (t.Status, t.At, t.Note)));
    }

    [StoreFact]
    public async Task Instances_are_queried_newest_first_and_active_ones_counted()
    {
        var (appId, jobA) = await TimedJobAsync(next: null);
        var jobB = await InsertJobAsync(appId, "b");
        var otherApp = (await Store.SaveAppAsync("other", "hash")).Id;
        var otherJob = await InsertJobAsync(otherApp, "x");
        InstanceStatus[] statuses =
            [InstanceStatus.WaitingDispatch, InstanceStatus.Running, InstanceStatus.Succeed, InstanceStatus.Failed, InstanceStatus.WaitingWorkerReceive];
        var a = new List<long>();
        foreach (var status in statuses)
            a.Add((await Store.InsertInstanceAsync(NewInstance(appId, jobA) with { Status = status }, null)).InstanceId);
        var b = (await Store.InsertInstanceAsync(NewInstance(appId, jobB) with { Status = InstanceStatus.Stopped }, null)).InstanceId;
        await Store.InsertInstanceAsync(NewInstance(otherApp, otherJob), null);

        Assert.Equal([b, a[4], a[3], a[2], a[1], a[0]], (await Store.QueryInstancesAsync(new InstanceQuery(appId))).Select(i => i.InstanceId));
        Assert.Equal([a[3], a[2]], (await Store.QueryInstancesAsync(new InstanceQuery(appId, jobA, Limit: 2, Offset: 1))).Select(i => i.InstanceId));
        Assert.Equal([a[3], a[2]], (await Store.QueryInstancesAsync(
            new InstanceQuery(appId, jobA, [InstanceStatus.Succeed, InstanceStatus.Failed]))).Select(i => i.InstanceId));
        Assert.Equal([b], (await Store.QueryInstancesAsync(new InstanceQuery(appId, Statuses: [InstanceStatus.Stopped]))).Select(i => i.InstanceId));
        Assert.Equal(6, (await Store.QueryInstancesAsync(new InstanceQuery(appId, Statuses: []))).Count);

        Assert.Equal(3, await Store.CountActiveInstancesAsync(jobA));
        Assert.Equal(0, await Store.CountActiveInstancesAsync(jobB));
        Assert.Equal([a[0], a[1], a[4]], (await Store.ListActiveInstancesAsync(appId)).Select(i => i.InstanceId));
    }

    [StoreFact]
    public async Task Instances_are_queried_by_creation_time_from_inclusive_to_exclusive()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var ids = new List<long>();
        foreach (var minutes in new[] { 0, 1, 2, 3 })
            ids.Add((await Store.InsertInstanceAsync(NewInstance(appId, jobId) with { CreatedAt = T0.AddMinutes(minutes) }, null)).InstanceId);

        Assert.Equal([ids[3], ids[2], ids[1]], (await Store.QueryInstancesAsync(new InstanceQuery(appId, CreatedFrom: T0.AddMinutes(1))))
            .Select(i => i.InstanceId));
        Assert.Equal([ids[2], ids[1]], (await Store.QueryInstancesAsync(
            new InstanceQuery(appId, CreatedFrom: T0.AddMinutes(1), CreatedTo: T0.AddMinutes(3)))).Select(i => i.InstanceId));
        Assert.Equal([ids[0]], (await Store.QueryInstancesAsync(new InstanceQuery(appId, jobId, CreatedTo: T0.AddSeconds(1))))
            .Select(i => i.InstanceId));
    }

    [StoreFact]
    public async Task Logs_are_read_in_time_order_then_arrival_order()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var id = (await Store.InsertInstanceAsync(NewInstance(appId, jobId), null)).InstanceId;
        var other = (await Store.InsertInstanceAsync(NewInstance(appId, jobId), null)).InstanceId;
        var bulk = Enumerable.Range(0, 450).Select(i => new InstanceLogLine(id, T0.AddSeconds(2), "INFO", $"bulk {i}", "w1")).ToList();

        await Store.AppendLogsAsync([Line(id, 3, "third"), Line(id, 1, "first"), Line(other, 0, "elsewhere")]);
        await Store.AppendLogsAsync(bulk);
        await Store.AppendLogsAsync([Line(id, 1, "first, later arrival") with { Level = "WARN", WorkerAddress = null }]);
        await Store.AppendLogsAsync([]);

        var read = await Store.ReadLogsAsync(id);
        Assert.Equal(
            new[] { "first", "first, later arrival" }.Concat(bulk.Select(l => l.Content)).Append("third"),
            read.Select(l => l.Content));
        Assert.Equal(new InstanceLogLine(id, T0.AddSeconds(1), "WARN", "first, later arrival", null), read[1]);
        Assert.Equal([Line(other, 0, "elsewhere")], await Store.ReadLogsAsync(other));
    }

    private static InstanceLogLine Line(long instanceId, int second, string content) =>
        new(instanceId, T0.AddSeconds(second), "INFO", content, "10.0.0.1:27777");

    protected async Task<(long AppId, long JobId)> TimedJobAsync(DateTimeOffset? next)
    {
        var appId = (await Store.SaveAppAsync("app", "hash")).Id;
        return (appId, await InsertJobAsync(appId, "timed", TimeExpressionType.FixedRate, "15000", next: next));
    }

    protected static InstanceRecord NewInstance(long appId, long jobId, DateTimeOffset? expected = null) => new()
    {
        AppId = appId, JobId = jobId, Status = InstanceStatus.WaitingDispatch, JobParams = "job", InstanceParams = "instance",
        ExpectedTriggerTime = expected, CreatedAt = T0, UpdatedAt = T0,
    };
}
