using System.Diagnostics;
using Dapper;
using PowerJob.Akka.Benchmarks.QuartzNet;
using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;
using Quartz;

namespace PowerJob.Akka.Benchmarks.Parts;

public static partial class DistributedPart
{
    private static async Task<(ThroughputRun Throughput, CronRun Cron)> QuartzAsync(BenchSettings s, string server)
    {
        await using var database = await PostgresBenchDatabase.CreateAsync(server);
        Console.WriteLine($"distributed: Quartz.NET, {s.DistributedNodes} clustered schedulers on PostgreSQL {database.Describe()}, {s.DistributedInstances:N0} one-shot triggers ...");
        await using var cluster = await QuartzCluster.StartAsync(database, s.DistributedNodes);
        var job = JobBuilder.Create<NoopJob>().WithIdentity("noop").StoreDurably().Build();
        await cluster.Schedulers[0].AddJob(job, new AddJobOptions());
        await using var reader = await database.OpenReaderAsync();

        var warmup = await BatchAsync(cluster, reader, job.Key, "warmup", s.DistributedWarmupInstances, s);
        if (warmup.Executed == 0)
            throw new TimeoutException($"Quartz: no warm-up trigger ran within {s.DistributedDeadline}; {warmup.Calls.Describe("ScheduleJob")}");

        var meter = new ProcessMeter();
        var postgresMeter = await PostgresBackendMeter.StartAsync(database);
        var started = Stopwatch.GetTimestamp();
        var batch = await BatchAsync(cluster, reader, job.Key, "run", s.DistributedInstances, s);
        var wall = Stopwatch.GetElapsedTime(started);
        var cpu = meter.Stop();
        var postgresCpu = await postgresMeter.StopAsync();
        var perNode = batch.Sink.Nodes.GroupBy(n => n).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}");
        var throughput = Throughput(QuartzSystem, s, batch.Executed, batch.Complete, batch.Calls.Count, wall, batch.Triggered, cpu, postgresCpu, null,
            batch.RowsLeft > 0 ? $"{batch.RowsLeft:N0} trigger rows still stored at the deadline" : null, batch.Calls.Describe("ScheduleJob"),
            $"firings per scheduler: {string.Join(", ", perNode)}");

        var cron = await CronAsync(cluster, database, s);
        return (throughput, cron);
    }

    private sealed record QuartzBatch(QuartzSink Sink, int Executed, int RowsLeft, bool Complete, FailedCalls Calls, TimeSpan? Triggered);

    // One-shot triggers round-robin over the schedulers; done when every firing ran and its trigger row is gone.
    private static async Task<QuartzBatch> BatchAsync(QuartzCluster cluster, Npgsql.NpgsqlConnection reader, JobKey job, string group, int count,
        BenchSettings s)
    {
        var sink = new QuartzSink();
        QuartzProbe.Current = sink;
        var calls = new FailedCalls();
        using var deadline = new CancellationTokenSource(s.DistributedDeadline);
        var started = Stopwatch.GetTimestamp();
        TimeSpan? triggered = null;
        var complete = false;
        var rowsLeft = -1;
        async Task<bool> RowsGone() => (rowsLeft = await reader.ExecuteScalarAsync<int>(
            "SELECT (SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group = @group) + (SELECT COUNT(*) FROM qrtz_fired_triggers)", new { group })) == 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = s.TriggerConcurrency, CancellationToken = deadline.Token },
                async (i, ct) => await calls.TryAsync(async () => await cluster.Next().ScheduleJob(
                    TriggerBuilder.Create().WithIdentity($"t{i}", group).ForJob(job).StartNow().Build(), new ScheduleJobOptions(), ct), ct));
            triggered = Stopwatch.GetElapsedTime(started);
            complete = await UntilAsync(() => Task.FromResult(sink.Executed >= count - calls.Count), deadline.Token)
                       && await UntilAsync(RowsGone, deadline.Token) && calls.Count == 0;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }
        return new QuartzBatch(sink, Math.Min(count, sink.Executed), Math.Max(0, rowsLeft), complete, calls, triggered);
    }

    private static async Task<CronRun> CronAsync(QuartzCluster cluster, PostgresBenchDatabase database, BenchSettings s)
    {
        Console.WriteLine($"distributed: Quartz.NET, {s.DistributedCronJobs:N0} CRON jobs ...");
        var sink = new QuartzSink();
        QuartzProbe.Current = sink;
        var (created, createSeconds, createNote) = await CreateCronJobsAsync(s, async (i, ct) => await cluster.Next().ScheduleJob(
            JobBuilder.Create<NoopJob>().WithIdentity($"cron-{i}").Build(),
            TriggerBuilder.Create().WithIdentity($"cron-{i}").WithCronSchedule("* * * * * ?").Build(), new ScheduleJobOptions(), ct));
        var (from, to) = await CronClock.WindowAsync(s);
        var meter = new ProcessMeter();
        var postgresMeter = await PostgresBackendMeter.StartAsync(database);
        await CronClock.WaitUntilAsync(to + s.CronGrace);
        var cpu = meter.Stop();
        var postgresCpu = await postgresMeter.StopAsync();

        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var all = sink.Fires.ToList();
        var fires = all.Where(f => f.ScheduledMs >= fromMs && f.ScheduledMs < toMs).ToList();
        // Fires run oldest-due first: a scheduler that falls behind runs fires due before the window instead of those in it.
        var backlog = fires.Count >= created * (int)s.CronWindow.TotalSeconds || all.Count == 0 ? null
            : $"{all.Count:N0} fires ran between the jobs' creation and the cutoff, the latest-due of them due {(all.Max(f => f.ScheduledMs) - fromMs) / 1000:0.0} s from the window's start (a backlog of fires due earlier)";
        createNote = string.Join("; ", new[] { createNote, backlog }.OfType<string>()) is { Length: > 0 } joined ? joined : null;
        return new CronRun(QuartzSystem, s.DistributedCronJobs, created, createSeconds, s.CronWindow.TotalSeconds, created * (int)s.CronWindow.TotalSeconds,
            fires.Count, fires.Count, Distribution.Of(fires.Select(f => f.StartedMs - f.ScheduledMs)), cpu, postgresCpu, createNote);
    }
}
