using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>The behaviours every <see cref="IPowerJobStore"/> must show, run against each database by a subclass.</summary>
public abstract partial class StoreSpecs : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(T0);
    protected IPowerJobStore Store { get; private set; } = null!;

    /// <summary>Creates the empty database (or schema) this test runs in.</summary>
    protected abstract Task CreateDatabaseAsync();
    protected abstract Task DropDatabaseAsync();
    /// <summary>Another store over the same database, as a second server would open it.</summary>
    protected abstract IPowerJobStore NewStore();
    /// <summary>An open connection for looking at what was stored.</summary>
    protected abstract Task<DbConnection> OpenRawAsync();
    /// <summary>Write transactions committed so far by <see cref="Store"/>'s writer.</summary>
    protected abstract long WriteTransactions { get; }
    /// <summary>The most writes <see cref="Store"/>'s writer commits in one transaction.</summary>
    protected abstract int MaxWriteBatch { get; }
    /// <summary>
    /// A transaction on <paramref name="raw"/> that keeps the store's writer waiting, from its first write to the app
    /// table on, until it ends; the writes made meanwhile queue up and then commit together.
    /// </summary>
    protected abstract Task<DbTransaction> HoldWritesAsync(DbConnection raw);
    /// <summary>True for the error of a statement that broke a constraint (NOT NULL, a check, a trigger's refusal).</summary>
    protected abstract bool IsConstraintViolation(DbException exception);
    /// <summary>Makes the database refuse, as a constraint violation, every transition inserted with <paramref name="note"/>.</summary>
    protected abstract Task RefuseTransitionsNotedAsync(DbConnection raw, string note);

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = NewStore();
        await Store.MigrateAsync();
    }

    public Task DisposeAsync() => DropDatabaseAsync();

    [StoreFact]
    public async Task Migrating_again_or_concurrently_is_harmless()
    {
        await Store.MigrateAsync();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => NewStore().MigrateAsync())));

        await using var raw = await OpenRawAsync();
        var versions = (await raw.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version")).ToList();
        Assert.Equal(Migration.Load(Store is PostgresStore ? "Postgres" : "Sqlite").Select(m => (long)m.Version), versions);
        Assert.NotNull(await Store.SaveAppAsync("after-migrations", "hash"));
    }

    [StoreFact]
    public async Task Saving_an_app_again_replaces_its_password_and_keeps_its_id()
    {
        var first = await Store.SaveAppAsync("orders", "hash-1");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await Store.SaveAppAsync("orders", "hash-2");
        var other = await Store.SaveAppAsync("billing", "hash-3");

        Assert.Equal(new AppRecord(first.Id, "orders", "hash-1", T0), first);
        Assert.Equal(first with { PasswordHash = "hash-2" }, again);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(again, await Store.FindAppAsync(first.Id));
        Assert.Equal(again, await Store.FindAppByNameAsync("orders"));
        Assert.Null(await Store.FindAppAsync(other.Id + 100));
        Assert.Null(await Store.FindAppByNameAsync("ORDERS-unknown"));
        Assert.Equal([again, other], await Store.ListAppsAsync());
    }

    [StoreFact]
    public async Task A_job_round_trips_every_field()
    {
        var app = await Store.SaveAppAsync("app", "hash");
        var job = FullJob(app.Id);

        var id = await Store.InsertJobAsync(job with { Id = 999_999 });

        Assert.NotEqual(999_999, id);
        Assert.Equal(job with { Id = id }, await Store.FindJobAsync(id));
        Assert.Null(await Store.FindJobAsync(id + 1));
    }

    [StoreFact]
    public async Task Jobs_are_updated_listed_per_app_and_deleted()
    {
        var app = await Store.SaveAppAsync("app", "hash");
        var otherApp = await Store.SaveAppAsync("other", "hash");
        var a = await InsertJobAsync(app.Id, "a");
        var b = await InsertJobAsync(app.Id, "b");
        await InsertJobAsync(otherApp.Id, "c");

        var changed = (await Store.FindJobAsync(a))! with
        {
            AppId = otherApp.Id, CreatedAt = T0.AddDays(5), // neither is updatable
            JobName = "a2", Description = null, TimeExpressionType = TimeExpressionType.FixedDelay, TimeExpression = "5000",
            Concurrency = 1, NextTriggerTime = null, UpdatedAt = T0.AddMinutes(3),
        };
        Assert.True(await Store.UpdateJobAsync(changed));
        Assert.False(await Store.UpdateJobAsync(changed with { Id = a + 1000 }));
        Assert.Equal(changed with { AppId = app.Id, CreatedAt = T0 }, await Store.FindJobAsync(a));

        Assert.Equal([a, b], (await Store.ListJobsAsync(app.Id)).Select(j => j.Id));
        Assert.True(await Store.DeleteJobAsync(a));
        Assert.False(await Store.DeleteJobAsync(a));
        Assert.Null(await Store.FindJobAsync(a));
        Assert.Equal([b], (await Store.ListJobsAsync(app.Id)).Select(j => j.Id));
    }

    [StoreFact]
    public async Task Only_enabled_timed_jobs_are_schedulable()
    {
        var app = await Store.SaveAppAsync("app", "hash");
        var cron = await InsertJobAsync(app.Id, "cron", TimeExpressionType.Cron, "0 * * * * ?");
        await InsertJobAsync(app.Id, "api", TimeExpressionType.Api);
        var rate = await InsertJobAsync(app.Id, "rate", TimeExpressionType.FixedRate, "1000", enabled: false);

        Assert.Equal([cron], (await Store.ListSchedulableJobsAsync(app.Id)).Select(j => j.Id));

        Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.True(await Store.SetJobEnabledAsync(rate, true, T0.AddMinutes(1)));
        var enabled = (await Store.FindJobAsync(rate))!;
        Assert.True(enabled.Enabled);
        Assert.Equal(T0.AddMinutes(1), enabled.NextTriggerTime);
        Assert.Equal(T0.AddSeconds(7), enabled.UpdatedAt);
        Assert.Equal([cron, rate], (await Store.ListSchedulableJobsAsync(app.Id)).Select(j => j.Id));

        Assert.True(await Store.SetJobEnabledAsync(cron, false, null));
        Assert.Null((await Store.FindJobAsync(cron))!.NextTriggerTime);
        Assert.Equal([rate], (await Store.ListSchedulableJobsAsync(app.Id)).Select(j => j.Id));
        Assert.False(await Store.SetJobEnabledAsync(rate + 1000, true, null));
    }

    [StoreFact]
    public async Task A_fixed_delay_job_is_rescheduled_only_while_enabled_and_waiting()
    {
        var app = await Store.SaveAppAsync("app", "hash");
        var delay = await InsertJobAsync(app.Id, "delay", TimeExpressionType.FixedDelay, "1000");
        await Store.SetJobEnabledAsync(delay, true, null);

        Assert.True(await Store.ScheduleNextDelayAsync(delay, T0.AddSeconds(1)));
        Assert.Equal(T0.AddSeconds(1), (await Store.FindJobAsync(delay))!.NextTriggerTime);
        Assert.False(await Store.ScheduleNextDelayAsync(delay, T0.AddSeconds(2)));

        await Store.SetJobEnabledAsync(delay, false, null);
        Assert.False(await Store.ScheduleNextDelayAsync(delay, T0.AddSeconds(3)));
        Assert.False((await Store.FindJobAsync(delay))!.Enabled);
    }

    [StoreFact]
    public async Task Times_are_stored_as_unix_milliseconds()
    {
        var app = await Store.SaveAppAsync("app", "hash");
        var local = new DateTimeOffset(2025, 6, 30, 23, 59, 58, 123, TimeSpan.FromHours(8));
        var id = await Store.InsertJobAsync(NewJob(app.Id, "job") with { NextTriggerTime = local });

        await using var raw = await OpenRawAsync();
        var stored = await raw.ExecuteScalarAsync<long>("SELECT next_trigger_time FROM job_info WHERE id = @id", new { id });
        Assert.Equal(local.ToUnixTimeMilliseconds(), stored);
        var read = (await Store.FindJobAsync(id))!.NextTriggerTime!.Value;
        Assert.Equal(local, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [StoreFact]
    public async Task The_password_hasher_output_is_stored_and_verifies()
    {
        await Store.SaveAppAsync("secured", PasswordHasher.Hash("s3cret"));
        var app = (await Store.FindAppByNameAsync("secured"))!;
        Assert.True(PasswordHasher.Verify("s3cret", app.PasswordHash));
        Assert.False(PasswordHasher.Verify("S3cret", app.PasswordHash));
    }

    protected static JobRecord NewJob(long appId, string name) => new()
    {
        AppId = appId, JobName = name, ProcessorInfo = "echo", CreatedAt = T0, UpdatedAt = T0,
    };

    protected async Task<long> InsertJobAsync(long appId, string name, TimeExpressionType type = TimeExpressionType.Api,
        string? expression = null, bool enabled = true, DateTimeOffset? next = null) =>
        await Store.InsertJobAsync(NewJob(appId, name) with
        {
            TimeExpressionType = type, TimeExpression = expression, Enabled = enabled, NextTriggerTime = next,
        });

    private static JobRecord FullJob(long appId) => new()
    {
        AppId = appId, JobName = "nightly-sum", Description = "adds numbers", ProcessorInfo = "sum",
        ExecuteType = ExecuteType.MapReduce, TimeExpressionType = TimeExpressionType.Cron, TimeExpression = "0 0 3 * * ?",
        TimeZone = "Asia/Shanghai", JobParams = "{\"n\":1000}", MaxInstanceNum = 2, InstanceRetryNum = 3, TaskRetryNum = 4,
        InstanceTimeLimitMs = 5_000_000_000, DispatchStrategy = DispatchStrategy.Random, DesignatedWorkers = "10.0.0.1:27777,gpu",
        MaxWorkerCount = 6, Concurrency = 7, Enabled = false, NextTriggerTime = T0.AddHours(3).AddMilliseconds(7),
        CreatedAt = T0.AddMilliseconds(1), UpdatedAt = T0.AddMilliseconds(2),
        ProcessorType = ProcessorType.External, Tag = "nightly", Extra = "x", LogConfig = "{\"type\":1,\"level\":3}",
        AdvancedRuntimeConfig = "{\"taskTrackerBehavior\":1}", DispatchStrategyConfig = "tagIn:gpu", NotifyUserIds = "1,2",
        LifeCycle = "{\"start\":1,\"end\":2}", AlarmConfig = "{\"alertThreshold\":3}", MinCpuCores = 0.5, MinMemorySpace = 1.25,
        MinDiskSpace = 2,
    };
}
