using Npgsql;
using PowerJob.Akka.Benchmarks.Support;
using Quartz;

namespace PowerJob.Akka.Benchmarks.QuartzNet;

/// <summary>
/// Quartz.NET 4 schedulers clustered on one PostgreSQL schema: the AdoJobStore through Npgsql, <c>UseClustering()</c>
/// (the code-first spelling of <c>quartz.jobStore.clustered = true</c>, which also turns on database row locks), one
/// scheduler name and a distinct instance id per node, the default (System.Text.Json) serializer, everything else
/// Quartz's defaults. Each scheduler is built by a builder of its own, so each has its own container, repository,
/// thread pool and connection pool, as in a process of its own.
/// <para>
/// The schema is Quartz's own: <see cref="SchemaProvisioning.CreateIfMissing"/> runs the PostgreSQL script the
/// Quartz 4.7 package embeds (<c>create_postgres.sql</c>, the same DDL as <c>database/tables/tables_postgres.sql</c>
/// in the Quartz repository). The first node creates it alone, so the others only find and validate it.
/// </para>
/// </summary>
public sealed class QuartzCluster : IAsyncDisposable
{
    private readonly List<(ISchedulerFactory Factory, IScheduler Scheduler)> _nodes = [];
    private int _next;

    public IReadOnlyList<IScheduler> Schedulers => _nodes.Select(n => n.Scheduler).ToList();

    /// <summary>The schedulers in turn, so work spreads round-robin over the cluster.</summary>
    public IScheduler Next() => _nodes[(int)((uint)Interlocked.Increment(ref _next) % _nodes.Count)].Scheduler;

    public static async Task<QuartzCluster> StartAsync(PostgresBenchDatabase database, int nodes)
    {
        var cluster = new QuartzCluster();
        var name = $"bench-cluster-{Guid.NewGuid():N}";
        try
        {
            // The first node creates the schema alone; the others then only find and validate it.
            cluster._nodes.Add(await StartNodeAsync(database, name, 0));
            cluster._nodes.AddRange(await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(i => StartNodeAsync(database, name, i))));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static async Task<(ISchedulerFactory Factory, IScheduler Scheduler)> StartNodeAsync(PostgresBenchDatabase database, string name, int index)
    {
        var connectionString = database.NodeConnectionString($"quartz-{index}");
        var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = name;
                o.InstanceId = $"node-{index}";
            });
            q.UsePersistentStore(p =>
            {
                p.UsePostgres(NpgsqlFactory.Instance, connectionString);
                p.UseClustering(_ => { });
                p.ConfigureStore(o => o.SchemaProvisioning = SchemaProvisioning.CreateIfMissing);
            });
        }).Build();
        var scheduler = await factory.GetScheduler();
        await scheduler.Start();
        return (factory, scheduler);
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(_nodes.Select(async node =>
    {
        try
        {
            await node.Scheduler.Shutdown(waitForJobsToComplete: false).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (node.Factory is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"bench: shutting a Quartz node down: {e.GetBaseException().Message}");
        }
    }));
}
