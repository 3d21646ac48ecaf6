using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Quartz;

namespace PowerJob.Akka.Benchmarks.QuartzNet;

public enum QuartzStore
{
    Ram,
    AdoSqlite,
}

/// <summary>
/// A Quartz.NET 4 scheduler with its defaults (thread pool, batch size, misfire threshold) and either the RAMJobStore
/// or the AdoJobStore on a temp SQLite file through Microsoft.Data.Sqlite. Quartz creates the schema itself
/// (<see cref="SchemaProvisioning.CreateIfMissing"/>). The SQLite file gets the durability PowerJob.Akka's store
/// uses (WAL, synchronous = NORMAL), so the two stores pay the same fsync cost.
/// </summary>
public sealed class QuartzScheduler : IAsyncDisposable
{
    private readonly ISchedulerFactory _factory;
    private readonly string? _databaseFile;

    private QuartzScheduler(ISchedulerFactory factory, IScheduler scheduler, QuartzStore store, string? databaseFile)
    {
        _factory = factory;
        Scheduler = scheduler;
        Store = store;
        _databaseFile = databaseFile;
    }

    public IScheduler Scheduler { get; }
    public QuartzStore Store { get; }
    public string ConnectionString => $"Data Source={_databaseFile}";

    public static async Task<QuartzScheduler> StartAsync(QuartzStore store)
    {
        string? file = null;
        var builder = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = $"bench-{Guid.NewGuid():N}");
            if (store == QuartzStore.Ram)
            {
                q.UseInMemoryStore(_ => { });
                return;
            }
            file = Path.Combine(Path.GetTempPath(), $"quartz-bench-{Guid.NewGuid():N}.db");
            using (var setup = new SqliteConnection($"Data Source={file}"))
            {
                setup.Open();
                using var wal = setup.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }
            q.UsePersistentStore(p =>
            {
                p.UseSqlite(TunedSqliteFactory.Instance, $"Data Source={file}");
                p.ConfigureStore(o => o.SchemaProvisioning = SchemaProvisioning.CreateIfMissing);
            });
        });
        var factory = builder.Build();
        var scheduler = await factory.GetScheduler();
        await scheduler.Start();
        return new QuartzScheduler(factory, scheduler, store, file);
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(waitForJobsToComplete: false);
        if (_factory is IAsyncDisposable disposable) await disposable.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_databaseFile is null) return;
        foreach (var f in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}

/// <summary>Where the benchmark's Quartz job reports to; Quartz builds a new job object for every firing.</summary>
public static class QuartzProbe
{
    public static volatile QuartzSink? Current;
}

public sealed class QuartzSink
{
    private int _executed;

    /// <summary>Per firing: the scheduled fire time (Unix ms) and the time the job started (Unix ms).</summary>
    public ConcurrentQueue<(double ScheduledMs, double StartedMs)> Fires { get; } = new();

    /// <summary>Per firing: the instance id of the scheduler that ran it (which node of a cluster).</summary>
    public ConcurrentQueue<string> Nodes { get; } = new();

    public int Executed => Volatile.Read(ref _executed);

    public void Record(DateTimeOffset scheduled, double startedMs, string node)
    {
        Fires.Enqueue((scheduled.ToUnixTimeMilliseconds(), startedMs));
        Nodes.Enqueue(node);
        Interlocked.Increment(ref _executed);
    }
}

/// <summary>The no-op job: notes its scheduled fire time (from the execution context), when it started and on which scheduler.</summary>
public sealed class NoopJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var started = Support.StartLog.NowMs();
        QuartzProbe.Current?.Record(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, started, context.Scheduler.SchedulerInstanceId);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Microsoft.Data.Sqlite with <c>synchronous = NORMAL</c> on every connection, as PowerJob.Akka's SQLite store sets it.</summary>
public sealed class TunedSqliteFactory : DbProviderFactory
{
    public static readonly TunedSqliteFactory Instance = new();

    public override DbConnection CreateConnection() => new TunedSqliteConnection();
    public override DbCommand CreateCommand() => SqliteFactory.Instance.CreateCommand();
    public override DbParameter CreateParameter() => SqliteFactory.Instance.CreateParameter();
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => SqliteFactory.Instance.CreateConnectionStringBuilder();

    private sealed class TunedSqliteConnection : SqliteConnection
    {
        public override void Open()
        {
            base.Open();
            using var command = CreateCommand();
            command.CommandText = "PRAGMA synchronous = NORMAL;";
            command.ExecuteNonQuery();
        }
    }
}
