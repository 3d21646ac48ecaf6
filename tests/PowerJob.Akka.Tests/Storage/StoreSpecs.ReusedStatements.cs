using System.Data.Common;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>The writer runs the statements every instance goes through on commands it keeps and runs again.</summary>
public abstract partial class StoreSpecs
{
    [StoreFact]
    public async Task Instances_inserted_and_updated_in_one_batch_each_store_their_own_values()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var existing = new List<InstanceRecord>();
        for (var i = 0; i < 100; i++) existing.Add(await Store.InsertInstanceAsync(Filled(appId, jobId, i), $"created {i}"));
        // Even ones lose every value an update may clear, odd ones get new values.
        var updated = existing.Select((instance, i) => i % 2 == 0
            ? instance with
            {
                Status = InstanceStatus.Failed, JobParams = null, InstanceParams = null, Result = null, ExpectedTriggerTime = null,
                ActualTriggerTime = null, FinishedTime = null, LastReportTime = null, TaskTrackerAddress = null,
                RunningTimes = 0, Attempt = 0, UpdatedAt = T0.AddHours(1).AddMilliseconds(i),
            }
            : Filled(appId, jobId, 1_000 + i) with
            {
                InstanceId = instance.InstanceId, Status = InstanceStatus.Running, CreatedAt = instance.CreatedAt,
                WfInstanceId = instance.WfInstanceId, WfNodeId = instance.WfNodeId,
            }).ToList();
        var added = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? Filled(appId, jobId, 2_000 + i) : NewInstance(appId, jobId)).ToList();

        await using var raw = await OpenRawAsync();
        var transactionsBefore = WriteTransactions;
        var updates = new List<Task<bool>>();
        var inserts = new List<Task<InstanceRecord>>();
        await using (var writeLock = await HoldWritesAsync(raw))
        {
            var queuedFirst = Store.SaveAppAsync("queued first", "hash");
            await Task.Delay(200);
            for (var i = 0; i < 100; i++)
            {
                updates.Add(Store.UpdateInstanceAsync(updated[i], existing[i].Status, existing[i].Attempt, i % 2 == 0 ? null : $"updated {i}"));
                inserts.Add(Store.InsertInstanceAsync(added[i], i % 2 == 0 ? $"added {i}" : null));
            }
            await writeLock.RollbackAsync();
            await queuedFirst;
        }

        Assert.All(await Task.WhenAll(updates), Assert.True);
        // The 200 queued writes commit in as few batches as the writer's limit allows (after the held one).
        var batches = (200 + MaxWriteBatch - 1) / MaxWriteBatch;
        Assert.InRange(WriteTransactions - transactionsBefore, batches, batches + 1);
        for (var i = 0; i < 100; i++)
        {
            var id = existing[i].InstanceId;
            Assert.Equal(updated[i], await Store.FindInstanceAsync(id));
            Assert.Equal(
            [
                new InstanceTransition(id, existing[i].Status, existing[i].CreatedAt, $"created {i}"),
                new InstanceTransition(id, updated[i].Status, updated[i].UpdatedAt, i % 2 == 0 ? null : $"updated {i}"),
            ], await Store.ListTransitionsAsync(id));

            var inserted = await inserts[i];
            Assert.Equal(added[i] with { InstanceId = inserted.InstanceId }, inserted);
            Assert.Equal(inserted, await Store.FindInstanceAsync(inserted.InstanceId));
            Assert.Equal([new InstanceTransition(inserted.InstanceId, added[i].Status, added[i].CreatedAt, i % 2 == 0 ? $"added {i}" : null)],
                await Store.ListTransitionsAsync(inserted.InstanceId));
        }
    }

    [StoreFact]
    public async Task A_write_failing_in_a_reused_statement_rolls_back_alone_and_the_statement_runs_again()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var existing = await Store.InsertInstanceAsync(NewInstance(appId, jobId), null);
        await using var raw = await OpenRawAsync();
        await RefuseTransitionsNotedAsync(raw, "refused");

        var transactionsBefore = WriteTransactions;
        Task<InstanceRecord> first, refusedInsert, last;
        Task<bool> refusedUpdate, update;
        await using (var writeLock = await HoldWritesAsync(raw))
        {
            var queuedFirst = Store.SaveAppAsync("queued first", "hash");
            await Task.Delay(200);
            first = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "first" }, "first");
            // The instance is inserted, then its transition is refused.
            refusedInsert = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "refused" }, "refused");
            // The instance is updated, then its transition is refused.
            refusedUpdate = Store.UpdateInstanceAsync(existing with { Status = InstanceStatus.Running, UpdatedAt = T0.AddSeconds(1) },
                InstanceStatus.WaitingDispatch, 0, "refused");
            last = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "last" }, "last");
            update = Store.UpdateInstanceAsync(existing with { Status = InstanceStatus.WaitingWorkerReceive, UpdatedAt = T0.AddSeconds(2) },
                InstanceStatus.WaitingDispatch, 0, null);
            await writeLock.RollbackAsync();
            await queuedFirst;
        }

        Assert.True(IsConstraintViolation(await Assert.ThrowsAnyAsync<DbException>(() => refusedInsert)));
        Assert.True(IsConstraintViolation(await Assert.ThrowsAnyAsync<DbException>(() => refusedUpdate)));
        Assert.True(await update);
        Assert.Equal(["first", "last"], new[] { await first, await last }.Select(i => i.JobParams));
        Assert.InRange(WriteTransactions - transactionsBefore, 1, 2);

        var after = await Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "after" }, "after");
        Assert.Equal(["after", "last", "first", "job"], (await Store.QueryInstancesAsync(new InstanceQuery(appId))).Select(i => i.JobParams));
        Assert.Equal(InstanceStatus.WaitingWorkerReceive, (await Store.FindInstanceAsync(existing.InstanceId))!.Status);
        Assert.Equal(
        [
            new InstanceTransition(existing.InstanceId, InstanceStatus.WaitingDispatch, T0, null),
            new InstanceTransition(existing.InstanceId, InstanceStatus.WaitingWorkerReceive, T0.AddSeconds(2), null),
        ], await Store.ListTransitionsAsync(existing.InstanceId));
        Assert.Equal([new InstanceTransition(after.InstanceId, InstanceStatus.WaitingDispatch, T0, "after")],
            await Store.ListTransitionsAsync(after.InstanceId));
    }

    private static InstanceRecord Filled(long appId, long jobId, int i) => new()
    {
        AppId = appId, JobId = jobId, Status = InstanceStatus.WaitingDispatch, JobParams = $"job {i}", InstanceParams = $"instance {i}",
        Result = $"result {i}", ExpectedTriggerTime = T0.AddMilliseconds(i), ActualTriggerTime = T0.AddMilliseconds(i + 1),
        FinishedTime = T0.AddMilliseconds(i + 2), LastReportTime = T0.AddMilliseconds(i + 3), TaskTrackerAddress = $"10.0.0.{i % 250}:27777",
        RunningTimes = i % 7 + 1, Attempt = i % 5 + 1, WfInstanceId = 10_000 + i, WfNodeId = 20_000 + i,
        CreatedAt = T0.AddSeconds(i), UpdatedAt = T0.AddSeconds(i).AddMilliseconds(5),
    };
}
