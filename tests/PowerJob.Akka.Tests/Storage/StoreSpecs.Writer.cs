using System.Data.Common;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>The store's single writer: many writes to a transaction, each one's outcome its own.</summary>
public abstract partial class StoreSpecs
{
    [StoreFact]
    public async Task Thousands_of_concurrent_writes_complete_with_their_own_results_in_few_transactions()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var timed = new List<long>();
        for (var i = 0; i < 50; i++) timed.Add(await InsertJobAsync(appId, $"timed {i}", TimeExpressionType.FixedRate, "1000", next: T0));
        var existing = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Store.InsertInstanceAsync(NewInstance(appId, jobId), null)));
        var transactionsBefore = WriteTransactions;

        var results = await Task.WhenAll(existing.Select((instance, i) => Task.Run(async () =>
        {
            var won = Store.UpdateInstanceAsync(instance with { Status = InstanceStatus.WaitingWorkerReceive, UpdatedAt = T0.AddSeconds(1) },
                InstanceStatus.WaitingDispatch, 0, null);
            var lost = Store.UpdateInstanceAsync(instance with { Status = InstanceStatus.Running, UpdatedAt = T0.AddSeconds(2) },
                InstanceStatus.WaitingDispatch, 0, "stale");
            var inserted = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = $"new {i}" }, $"note {i}");
            var fired = Store.FireAsync(timed[i % 50], T0, T0.AddSeconds(1), NewInstance(appId, timed[i % 50], expected: T0));
            return (Won: await won, Lost: await lost, Inserted: await inserted, Fired: await fired, Index: i);
        })));

        Assert.All(results, r => Assert.True(r.Won));
        Assert.All(results, r => Assert.False(r.Lost));
        Assert.All(results, r => Assert.Equal(
            NewInstance(appId, jobId) with { JobParams = $"new {r.Index}", InstanceId = r.Inserted.InstanceId }, r.Inserted));
        Assert.Equal(500, results.Select(r => r.Inserted.InstanceId).Distinct().Count());
        Assert.All(results.GroupBy(r => r.Index % 50), attempts => Assert.Single(attempts, a => a.Fired is not null));
        foreach (var job in timed) Assert.Equal(T0.AddSeconds(1), (await Store.FindJobAsync(job))!.NextTriggerTime);

        Assert.Equal(500, (await Store.QueryInstancesAsync(
            new InstanceQuery(appId, jobId, [InstanceStatus.WaitingWorkerReceive], Limit: 1_000))).Count);
        Assert.Equal(1_050, (await Store.QueryInstancesAsync(new InstanceQuery(appId, Limit: 2_000))).Count);
        Assert.Equal(
        [
            new InstanceTransition(existing[7].InstanceId, InstanceStatus.WaitingDispatch, T0, null),
            new InstanceTransition(existing[7].InstanceId, InstanceStatus.WaitingWorkerReceive, T0.AddSeconds(1), null),
        ], await Store.ListTransitionsAsync(existing[7].InstanceId));
        Assert.InRange(WriteTransactions - transactionsBefore, (2_000 + MaxWriteBatch - 1) / MaxWriteBatch, 1_000);
    }

    [StoreFact]
    public async Task Writes_queued_beyond_the_batch_limit_commit_in_transactions_of_at_most_the_limit()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        await using var raw = await OpenRawAsync();
        var transactionsBefore = WriteTransactions;
        Task<InstanceRecord>[] inserts;
        await using (var writeLock = await HoldWritesAsync(raw))
        {
            var queuedFirst = Store.SaveAppAsync("queued first", "hash");
            await Task.Delay(200);
            inserts = Enumerable.Range(0, 2 * MaxWriteBatch + 1).Select(_ => Store.InsertInstanceAsync(NewInstance(appId, jobId), null)).ToArray();
            await writeLock.RollbackAsync();
            await queuedFirst;
        }

        Assert.Equal(2 * MaxWriteBatch + 1, (await Task.WhenAll(inserts)).Select(i => i.InstanceId).Distinct().Count());
        // Two full batches and one of a single write (after the held one).
        Assert.InRange(WriteTransactions - transactionsBefore, 3, 4);
    }

    [StoreFact]
    public async Task A_failing_write_rolls_back_alone_while_the_rest_of_its_batch_commits()
    {
        var (appId, jobId) = await TimedJobAsync(next: T0);
        var instance = await Store.InsertInstanceAsync(NewInstance(appId, jobId), null);
        var lines = Enumerable.Range(0, 450)
            .Select(i => new InstanceLogLine(instance.InstanceId, T0, "INFO", i == 420 ? null! : $"line {i}", null)).ToList();

        await using var raw = await OpenRawAsync();
        var transactionsBefore = WriteTransactions;
        Task<InstanceRecord?> fired;
        Task<long> nameless;
        Task<bool> updated;
        Task halfWritten, kept;
        await using (var writeLock = await HoldWritesAsync(raw))
        {
            var queuedFirst = Store.SaveAppAsync("queued first", "hash");
            await Task.Delay(200);
            fired = Store.FireAsync(jobId, T0, T0.AddSeconds(15), NewInstance(appId, jobId, expected: T0));
            nameless = Store.InsertJobAsync(NewJob(appId, null!));
            updated = Store.UpdateInstanceAsync(instance with { Status = InstanceStatus.Running, UpdatedAt = T0.AddSeconds(1) },
                InstanceStatus.WaitingDispatch, 0, null);
            halfWritten = Store.AppendLogsAsync(lines);
            kept = Store.AppendLogsAsync([new InstanceLogLine(instance.InstanceId, T0, "INFO", "kept", null)]);
            await writeLock.RollbackAsync();
            await queuedFirst;
        }

        Assert.NotNull(await fired);
        Assert.True(IsConstraintViolation(await Assert.ThrowsAnyAsync<DbException>(() => nameless)));
        Assert.True(await updated);
        Assert.True(IsConstraintViolation(await Assert.ThrowsAnyAsync<DbException>(() => halfWritten)));
        await kept;
        Assert.InRange(WriteTransactions - transactionsBefore, 1, 2);

        Assert.Equal(T0.AddSeconds(15), (await Store.FindJobAsync(jobId))!.NextTriggerTime);
        Assert.Equal([jobId], (await Store.ListJobsAsync(appId)).Select(j => j.Id));
        Assert.Equal(InstanceStatus.Running, (await Store.FindInstanceAsync(instance.InstanceId))!.Status);
        Assert.Equal(["kept"], (await Store.ReadLogsAsync(instance.InstanceId)).Select(l => l.Content));
    }

    [StoreFact]
    public async Task A_write_cancelled_while_queued_is_skipped_and_its_neighbours_commit()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        await using var raw = await OpenRawAsync();
        using var cancel = new CancellationTokenSource();
        Task<InstanceRecord> first, cancelled, last;
        await using (var writeLock = await HoldWritesAsync(raw))
        {
            var queuedFirst = Store.SaveAppAsync("queued first", "hash");
            await Task.Delay(200);
            first = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "first" }, null);
            cancelled = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "cancelled" }, null, cancel.Token);
            last = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "last" }, null);
            cancel.Cancel();
            Assert.True(cancelled.IsCanceled);
            await writeLock.RollbackAsync();
            await queuedFirst;
        }

        await Task.WhenAll(first, last);
        Assert.Equal(["last", "first"],
            (await Store.QueryInstancesAsync(new InstanceQuery(appId))).Select(i => i.JobParams));
        await Assert.ThrowsAsync<TaskCanceledException>(() =>
            Store.UpdateInstanceAsync(first.Result, InstanceStatus.WaitingDispatch, 0, null, cancel.Token));
    }

    [StoreFact]
    public async Task Writes_to_one_instance_issued_without_waiting_apply_in_order()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Store.InsertInstanceAsync(NewInstance(appId, jobId), null)));

        var chains = created.Select(instance =>
        {
            var dispatched = instance with { Status = InstanceStatus.WaitingWorkerReceive, UpdatedAt = T0.AddSeconds(1) };
            var running = dispatched with { Status = InstanceStatus.Running, UpdatedAt = T0.AddSeconds(2) };
            var succeeded = running with { Status = InstanceStatus.Succeed, Result = "ok", UpdatedAt = T0.AddSeconds(3) };
            return Task.WhenAll(
                Store.UpdateInstanceAsync(dispatched, InstanceStatus.WaitingDispatch, 0, null),
                Store.UpdateInstanceAsync(running, InstanceStatus.WaitingWorkerReceive, 0, null),
                Store.UpdateInstanceAsync(succeeded, InstanceStatus.Running, 0, null));
        }).ToList();

        foreach (var chain in chains) Assert.Equal(new[] { true, true, true }, await chain);
        Assert.Equal(200, (await Store.QueryInstancesAsync(new InstanceQuery(appId, Statuses: [InstanceStatus.Succeed], Limit: 1_000))).Count);
        Assert.Equal([InstanceStatus.WaitingDispatch, InstanceStatus.WaitingWorkerReceive, InstanceStatus.Running, InstanceStatus.Succeed],
            (await Store.ListTransitionsAsync(created[^1].InstanceId)).Select(t => t.Status));
    }

    [StoreFact]
    public async Task Disposing_the_store_runs_the_queued_writes_then_refuses_new_ones()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var store = NewStore();
        var queued = Enumerable.Range(0, 300).Select(i => store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = $"{i}" }, null))
            .ToList();

        await ((IAsyncDisposable)store).DisposeAsync();

        Assert.All(queued, write => Assert.True(write.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.InsertInstanceAsync(NewInstance(appId, jobId), null));
        Assert.Equal(300, (await Store.QueryInstancesAsync(new InstanceQuery(appId, Limit: 1_000))).Count);
        ((IDisposable)store).Dispose();
    }
}
