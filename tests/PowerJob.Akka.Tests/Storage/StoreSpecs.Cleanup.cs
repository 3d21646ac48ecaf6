using Dapper;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

public abstract partial class StoreSpecs
{
    [StoreFact]
    public async Task Cleanup_deletes_old_finished_instances_in_batches_with_their_rows_and_keeps_active_and_recent_ones()
    {
        var appId = (await Store.SaveAppAsync("app", "hash")).Id;
        var jobId = await InsertJobAsync(appId, "kept");
        var otherJob = await InsertJobAsync(appId, "other");
        var old = new List<long>();
        foreach (var status in new[] { InstanceStatus.Succeed, InstanceStatus.Failed, InstanceStatus.Stopped })
            old.Add(await FinishedAsync(appId, jobId, status, T0.AddDays(1)));
        var recent = await FinishedAsync(appId, jobId, InstanceStatus.Succeed, T0.AddDays(10));
        var running = (await Store.InsertInstanceAsync(NewInstance(appId, jobId) with { Status = InstanceStatus.Running }, null)).InstanceId;
        await Store.AppendLogsAsync([Line(running, 1, "still running")]);
        var otherOld = await FinishedAsync(appId, otherJob, InstanceStatus.Succeed, T0.AddDays(1));
        var cleanup = new InstanceCleanup(appId, jobId, T0.AddDays(5), Limit: 2);

        var first = await Store.DeleteFinishedInstancesAsync(cleanup);
        var second = await Store.DeleteFinishedInstancesAsync(cleanup);
        var third = await Store.DeleteFinishedInstancesAsync(cleanup);

        Assert.Equal(new CleanupCount(2, 4, 4), first);
        Assert.Equal(new CleanupCount(1, 2, 2), second);
        Assert.Equal(CleanupCount.None, third);
        foreach (var id in old) Assert.Null(await Store.FindInstanceAsync(id));
        Assert.Equal([running, recent], (await Store.QueryInstancesAsync(new InstanceQuery(appId, JobId: jobId))).Select(i => i.InstanceId));
        Assert.NotNull(await Store.FindInstanceAsync(otherOld));
        Assert.Single(await Store.ReadLogsAsync(running));
        await using var raw = await OpenRawAsync();
        Assert.Equal(0L, await raw.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM instance_transition WHERE instance_id IN ({string.Join(", ", old)})"));
        Assert.Equal(0L, await raw.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM instance_log WHERE instance_id IN ({string.Join(", ", old)})"));
    }

    [StoreFact]
    public async Task Cleanup_without_a_job_takes_only_instances_of_deleted_jobs()
    {
        var appId = (await Store.SaveAppAsync("app", "hash")).Id;
        var liveJob = await InsertJobAsync(appId, "live");
        var goneJob = await InsertJobAsync(appId, "gone");
        var live = await FinishedAsync(appId, liveJob, InstanceStatus.Succeed, T0);
        var gone = await FinishedAsync(appId, goneJob, InstanceStatus.Succeed, T0);
        var otherApp = (await Store.SaveAppAsync("other", "hash")).Id;
        var otherAppGone = await FinishedAsync(otherApp, goneJob + 1000, InstanceStatus.Succeed, T0);
        Assert.True(await Store.DeleteJobAsync(goneJob));

        var deleted = await Store.DeleteFinishedInstancesAsync(new InstanceCleanup(appId, null, T0.AddDays(1), 100));

        Assert.Equal(1, deleted.Instances);
        Assert.Null(await Store.FindInstanceAsync(gone));
        Assert.NotNull(await Store.FindInstanceAsync(live));
        Assert.NotNull(await Store.FindInstanceAsync(otherAppGone));
    }

    [StoreFact]
    public async Task Log_cleanup_deletes_lines_of_old_finished_instances_in_batches_and_keeps_the_instances()
    {
        var appId = (await Store.SaveAppAsync("app", "hash")).Id;
        var jobId = await InsertJobAsync(appId, "job");
        var finished = await FinishedAsync(appId, jobId, InstanceStatus.Failed, T0.AddDays(1), logLines: 3);
        var fresh = await FinishedAsync(appId, jobId, InstanceStatus.Failed, T0.AddDays(3), logLines: 1);
        var running = (await Store.InsertInstanceAsync(NewInstance(appId, jobId) with { Status = InstanceStatus.Running }, null)).InstanceId;
        await Store.AppendLogsAsync([Line(running, 1, "running")]);
        var cleanup = new InstanceCleanup(appId, jobId, T0.AddDays(2), Limit: 2);

        Assert.Equal(2, await Store.DeleteFinishedInstanceLogsAsync(cleanup));
        Assert.Equal(1, await Store.DeleteFinishedInstanceLogsAsync(cleanup));
        Assert.Equal(0, await Store.DeleteFinishedInstanceLogsAsync(cleanup));

        Assert.Empty(await Store.ReadLogsAsync(finished));
        Assert.NotNull(await Store.FindInstanceAsync(finished));
        Assert.Single(await Store.ReadLogsAsync(fresh));
        Assert.Single(await Store.ReadLogsAsync(running));
    }

    /// <summary>A finished instance with two transitions and <paramref name="logLines"/> log lines (default 2).</summary>
    private async Task<long> FinishedAsync(long appId, long jobId, InstanceStatus status, DateTimeOffset finishedAt, int logLines = 2)
    {
        var created = await Store.InsertInstanceAsync(NewInstance(appId, jobId), null);
        var done = created with { Status = status, FinishedTime = finishedAt, UpdatedAt = finishedAt };
        Assert.True(await Store.UpdateInstanceAsync(done, InstanceStatus.WaitingDispatch, 0, null));
        await Store.AppendLogsAsync(Enumerable.Range(0, logLines).Select(i => Line(created.InstanceId, i, $"line {i}")).ToList());
        return created.InstanceId;
    }
}
