using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

public abstract partial class StoreSpecs
{
    [StoreFact]
    public async Task Each_owner_epoch_taken_is_newer_than_the_last()
    {
        var (appId, _) = await TimedJobAsync(next: T0);

        var first = await Store.TakeOwnerEpochAsync(appId);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NewStore().TakeOwnerEpochAsync(appId)));

        Assert.Equal(new OwnerEpoch(appId, 1), first);
        Assert.Equal([2L, 3L, 4L, 5L], concurrent.Select(e => e.Epoch).Order());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.TakeOwnerEpochAsync(appId + 1000));
    }

    [StoreFact]
    public async Task A_stale_owner_epoch_is_refused_for_fire_claims_inserts_and_instance_writes()
    {
        var (appId, jobId) = await TimedJobAsync(next: T0);
        var stale = await Store.TakeOwnerEpochAsync(appId);
        var current = await Store.TakeOwnerEpochAsync(appId);

        var refused = await Assert.ThrowsAsync<StaleOwnerEpochException>(() =>
            Store.FireAsync(jobId, T0, T0.AddSeconds(1), NewInstance(appId, jobId, expected: T0), owner: stale));
        Assert.Equal(current.Epoch, refused.Current);
        await Assert.ThrowsAsync<StaleOwnerEpochException>(() => Store.InsertInstanceAsync(NewInstance(appId, jobId), "runJob", owner: stale));
        Assert.Equal(T0, (await Store.FindJobAsync(jobId))!.NextTriggerTime);
        Assert.Empty(await Store.QueryInstancesAsync(new InstanceQuery(appId)));

        var fired = await Store.FireAsync(jobId, T0, T0.AddSeconds(1), NewInstance(appId, jobId, expected: T0), owner: current);
        Assert.NotNull(fired);
        Assert.Equal(T0, (await Store.FindJobAsync(jobId))!.LastFireTime);
        var dispatched = fired with { Status = InstanceStatus.WaitingWorkerReceive, Attempt = 1, TaskTrackerAddress = "10.0.0.1:27777" };
        await Assert.ThrowsAsync<StaleOwnerEpochException>(() =>
            Store.UpdateInstanceAsync(dispatched, InstanceStatus.WaitingDispatch, 0, "dispatch", owner: stale));
        Assert.Equal(InstanceStatus.WaitingDispatch, (await Store.FindInstanceAsync(fired.InstanceId))!.Status);
        Assert.True(await Store.UpdateInstanceAsync(dispatched, InstanceStatus.WaitingDispatch, 0, "dispatch", owner: current));
        Assert.Single(await Store.QueryInstancesAsync(new InstanceQuery(appId)));
    }

    [StoreFact]
    public async Task Updating_a_job_never_writes_back_its_trigger_times()
    {
        var (appId, jobId) = await TimedJobAsync(next: T0);
        var read = (await Store.FindJobAsync(jobId))!;
        Assert.NotNull(await Store.FireAsync(jobId, T0, T0.AddSeconds(1), NewInstance(appId, jobId, expected: T0)));

        Assert.True(await Store.UpdateJobAsync(read with { Description = "edited", NextTriggerTime = T0, LastFireTime = null }));

        var job = (await Store.FindJobAsync(jobId))!;
        Assert.Equal("edited", job.Description);
        Assert.Equal(T0.AddSeconds(1), job.NextTriggerTime);
        Assert.Equal(T0, job.LastFireTime);
        Assert.False(await Store.RescheduleJobAsync(jobId, T0, T0.AddSeconds(5)));
        Assert.True(await Store.RescheduleJobAsync(jobId, T0.AddSeconds(1), T0.AddSeconds(5)));
        Assert.Equal(T0.AddSeconds(5), (await Store.FindJobAsync(jobId))!.NextTriggerTime);
    }
}
