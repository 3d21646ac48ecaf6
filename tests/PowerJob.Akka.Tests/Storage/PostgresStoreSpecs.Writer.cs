using System.Data.Common;
using Dapper;
using Npgsql;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>The PostgreSQL store's writer: its one connection, lost and opened again, and the fence's row lock.</summary>
public sealed partial class PostgresStoreSpecs
{
    [PostgresFact]
    public async Task A_batch_whose_connection_was_killed_fails_and_the_next_batch_reconnects()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        // A store of its own that has only written: the one connection under its name is the writer's.
        var name = $"powerjob-writer-{Guid.NewGuid():N}";
        var store = NewStore(new NpgsqlConnectionStringBuilder(_database.NewConnectionString()) { ApplicationName = name }.ConnectionString);
        await store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "before" }, null);
        var transactionsBefore = store.WriteTransactions;

        await using (var raw = await OpenRawAsync())
        {
            Assert.Equal(1, await raw.ExecuteScalarAsync<int>(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @Name", new { Name = name }));
            await TestNodes.EventuallyAsync(
                () => raw.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_stat_activity WHERE application_name = @Name", new { Name = name }),
                connections => connections == 0, TimeSpan.FromSeconds(10));
        }

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "lost" }, null));
        await store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "after" }, null);

        Assert.Equal(transactionsBefore + 1, store.WriteTransactions);
        Assert.Equal(["after", "before"], (await Store.QueryInstancesAsync(new InstanceQuery(appId))).Select(i => i.JobParams));
    }

    // Rolling back to a savepoint releases the row locks taken after it, so the epoch the failed write read (and locked)
    // may change before the batch commits: a later write of the batch must read it again.
    [PostgresFact]
    public async Task After_a_write_rolls_back_its_batch_reads_the_owner_epoch_again()
    {
        var (appId, jobId) = await TimedJobAsync(next: null);
        var owner = await Store.TakeOwnerEpochAsync(appId);
        var blocker = await Store.InsertInstanceAsync(NewInstance(appId, jobId), null);
        await using var holder = await OpenRawAsync();
        await using var rowLocker = await OpenRawAsync();
        await RefuseTransitionsNotedAsync(rowLocker, "refused");

        Task<InstanceRecord> refused, stale;
        Task<bool> blocked;
        OwnerEpoch taken;
        await using (var rowLock = await rowLocker.BeginTransactionAsync())
        {
            await rowLocker.ExecuteAsync("SELECT 1 FROM instance_info WHERE instance_id = @Id FOR UPDATE", new { Id = blocker.InstanceId }, rowLock);
            var rowLockerPid = await rowLocker.ExecuteScalarAsync<int>("SELECT pg_backend_pid()", transaction: rowLock);
            await using (var writeLock = await HoldWritesAsync(holder))
            {
                var queuedFirst = Store.SaveAppAsync("queued first", "hash");
                await Task.Delay(200);
                // One batch: fences the app, then is refused and rolled back; waits for the row lock; fences again.
                refused = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "refused" }, "refused", owner: owner);
                blocked = Store.UpdateInstanceAsync(blocker with { Status = InstanceStatus.Running, UpdatedAt = T0.AddSeconds(1) },
                    InstanceStatus.WaitingDispatch, 0, null);
                stale = Store.InsertInstanceAsync(NewInstance(appId, jobId) with { JobParams = "stale" }, null, owner: owner);
                await writeLock.RollbackAsync();
                await queuedFirst;
            }
            await TestNodes.EventuallyAsync(() => holder.ExecuteScalarAsync<int>(
                    "SELECT count(*) FROM pg_stat_activity WHERE @Pid = ANY(pg_blocking_pids(pid))", new { Pid = rowLockerPid }),
                waiting => waiting == 1, TimeSpan.FromSeconds(10));

            // Another server takes the app while the batch waits; the refused write's lock on the app no longer stops it.
            taken = await NewStore().TakeOwnerEpochAsync(appId).WaitAsync(TimeSpan.FromSeconds(10));
            await rowLock.RollbackAsync();
        }

        Assert.True(IsConstraintViolation(await Assert.ThrowsAnyAsync<DbException>(() => refused)));
        Assert.True(await blocked);
        Assert.Equal(taken.Epoch, (await Assert.ThrowsAsync<StaleOwnerEpochException>(() => stale)).Current);
        Assert.Equal(["job"], (await Store.QueryInstancesAsync(new InstanceQuery(appId))).Select(i => i.JobParams));
    }

    [PostgresFact]
    public async Task The_store_prepares_hot_statements_unless_the_connection_string_says_otherwise()
    {
        var given = _database.NewConnectionString();

        var defaults = await SettingsAsync(given);
        var maxGiven = await SettingsAsync(given + ";maxautoprepare=5");
        var bothGiven = await SettingsAsync(given + ";Max Auto Prepare=0;AUTO PREPARE MIN USAGES=9");

        Assert.Equal((32, 2), (defaults.MaxAutoPrepare, defaults.AutoPrepareMinUsages));
        Assert.Equal((5, 2), (maxGiven.MaxAutoPrepare, maxGiven.AutoPrepareMinUsages));
        Assert.Equal((0, 9), (bothGiven.MaxAutoPrepare, bothGiven.AutoPrepareMinUsages));
        Assert.Equal(new NpgsqlConnectionStringBuilder(given).SearchPath, defaults.SearchPath);
        Assert.Equal(new NpgsqlConnectionStringBuilder(given).Password, defaults.Password);
    }

    private async Task<NpgsqlConnectionStringBuilder> SettingsAsync(string connectionString)
    {
        await using var store = new PostgresStore(connectionString, Clock);
        return new NpgsqlConnectionStringBuilder(store.ConnectionString);
    }
}
