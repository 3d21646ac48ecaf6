using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Dapper;
using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;

namespace PowerJob.Akka.Benchmarks.Parts;

public static partial class DistributedPart
{
    private static async Task<(ThroughputRun Throughput, CronRun Cron, string Postgres)> PowerJobAsync(BenchSettings s, string server)
    {
        await using var database = await PostgresBenchDatabase.CreateAsync(server);
        Console.WriteLine($"distributed: PowerJob.Akka, {s.DistributedNodes} servers on PostgreSQL {database.Describe()}, {s.DistributedInstances:N0} instances ...");
        await using var cluster = await PowerJobServerCluster.StartAsync(database, s.DistributedNodes, s.Workers);
        var jobId = await cluster.SaveNoopJobAsync(cluster.Apis[0]);
        var events = new FinishedEvents();
        var listeners = cluster.Servers.Select(node => cluster.SystemOf(node).ActorOf(Props.Create(() => new FinishedCounter(jobId, events)))).ToList();

        var warmup = await BatchAsync(cluster, events, jobId, s.DistributedWarmupInstances, s);
        if (warmup.Finished == 0)
            throw new TimeoutException($"PowerJob.Akka: no warm-up instance finished within {s.DistributedDeadline}; {warmup.Calls.Describe("runJob")}");
        var owner = await cluster.AppOwnerAsync();

        var meter = new ProcessMeter();
        var postgresMeter = await PostgresBackendMeter.StartAsync(database);
        var started = Stopwatch.GetTimestamp();
        var batch = await BatchAsync(cluster, events, jobId, s.DistributedInstances, s);
        var wall = Stopwatch.GetElapsedTime(started);
        var cpu = meter.Stop();
        var postgresCpu = await postgresMeter.StopAsync();
        for (var i = 0; i < listeners.Count; i++) cluster.SystemOf(cluster.Servers[i]).Stop(listeners[i]);
        var (repeated, notSucceed) = events.Anomalies();

        await using var reader = await database.OpenReaderAsync();
        int? stored = batch.Ids.Count == 0 ? null : await reader.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM instance_info WHERE job_id = @jobId AND instance_id BETWEEN @min AND @max AND status = 5",
            new { jobId, min = batch.Ids.Min(), max = batch.Ids.Max() });
        var throughput = Throughput(AkkaSystem, s, batch.Finished, batch.Complete, batch.Calls.Count, wall, batch.Triggered, cpu, postgresCpu, stored,
            $"the app's entity ran on server {owner} of {s.DistributedNodes}", batch.Calls.Describe("runJob"),
            notSucceed + repeated == 0 ? null : $"{notSucceed} finished events not SUCCEED, {repeated} instances finished twice");

        var cron = await CronAsync(cluster, database, jobId, s);
        return (throughput, cron, database.Describe());
    }

    private sealed record Batch(List<long> Ids, int Finished, bool Complete, FailedCalls Calls, TimeSpan? Triggered);

    // runJob calls round-robin over the servers' OpenAPI, then until every instance (and those before) has finished,
    // all within the part's deadline.
    private static async Task<Batch> BatchAsync(PowerJobServerCluster cluster, FinishedEvents events, long jobId, int count, BenchSettings s)
    {
        var before = events.Instances;
        var ids = new ConcurrentBag<long>();
        var calls = new FailedCalls();
        using var deadline = new CancellationTokenSource(s.DistributedDeadline);
        var started = Stopwatch.GetTimestamp();
        TimeSpan? triggered = null;
        var complete = false;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = s.TriggerConcurrency, CancellationToken = deadline.Token },
                async (_, ct) => await calls.TryAsync(async () => ids.Add(await cluster.NextApi().RunJobAsync(cluster.AppId, jobId, ct)), ct));
            triggered = Stopwatch.GetElapsedTime(started);
            complete = await UntilAsync(() => Task.FromResult(events.Instances >= before + ids.Count), deadline.Token) && calls.Count == 0;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }
        return new Batch(ids.ToList(), Math.Min(count, events.Instances - before), complete, calls, triggered);
    }

    private static async Task<CronRun> CronAsync(PowerJobServerCluster cluster, PostgresBenchDatabase database, long apiJobId, BenchSettings s)
    {
        Console.WriteLine($"distributed: PowerJob.Akka, {s.DistributedCronJobs:N0} CRON jobs ...");
        var (created, createSeconds, createNote) = await CreateCronJobsAsync(s, (i, _) => cluster.SaveNoopJobAsync(cluster.NextApi(), "CRON", "* * * * * *", $"cron-{i}"));
        var (from, to) = await CronClock.WindowAsync(s);
        var meter = new ProcessMeter();
        var postgresMeter = await PostgresBackendMeter.StartAsync(database);
        await CronClock.WaitUntilAsync(to + s.CronGrace);
        var cpu = meter.Stop();
        var postgresCpu = await postgresMeter.StopAsync();

        await using var reader = await database.OpenReaderAsync();
        var due = (await reader.QueryAsync<(long Id, long Expected)>(
            "SELECT instance_id, expected_trigger_time FROM instance_info WHERE job_id <> @apiJobId AND expected_trigger_time >= @from AND expected_trigger_time < @to",
            new { apiJobId, from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() })).ToList();
        var cutoff = (to + s.CronGrace).ToUnixTimeMilliseconds();
        var lags = due.Select(d => (cluster.Starts.TryGet(d.Id, out var started) ? started : cutoff) - d.Expected);
        return new CronRun(AkkaSystem, s.DistributedCronJobs, created, createSeconds, s.CronWindow.TotalSeconds, created * (int)s.CronWindow.TotalSeconds,
            due.Count, due.Count(d => cluster.Starts.TryGet(d.Id, out _)), Distribution.Of(lags), cpu, postgresCpu, createNote);
    }
}
