using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Dapper;
using Microsoft.Data.Sqlite;
using PowerJob.Akka.Benchmarks.QuartzNet;
using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;
using PowerJob.Akka.Configuration;
using Quartz;

namespace PowerJob.Akka.Benchmarks.Parts;

/// <summary>
/// Part 1: N API instances of a no-op job, triggered through the OpenAPI <c>runJob</c> over HTTP and run by real workers,
/// counted when SUCCEED is stored; beside it Quartz.NET firing N one-shot triggers of the same no-op job.
/// </summary>
public static class ThroughputPart
{
    public sealed record Run(string System, string Store, int Instances, double Seconds, double PerSecond, double TriggerSeconds,
        int Failed, CpuUse Cpu, StoreProfile? StoreProfile = null, IReadOnlyList<Stage>? Stages = null,
        int InstancesFinishedTwice = 0, int? StoredSucceed = null, StoreWriteCost.Result? WriteCost = null, JitWarmup.Result? Warmup = null);

    public sealed record Stage(string Name, Distribution Ms);

    public sealed record Figures(string Trigger, int Concurrency, int Workers, IReadOnlyList<Run> Runs, double AkkaVsQuartzAdo,
        double HttpVsQuartzAdo, double AkkaVsQuartzRam, double HttpVsQuartzRam);

    public static async Task RunAsync(BenchSettings s, BenchReport report)
    {
        var runs = new List<Run>
        {
            await PowerJobAsync(s, Protocol.Akka),
            await PowerJobAsync(s, Protocol.Http),
            await QuartzAsync(s, QuartzStore.AdoSqlite),
            await QuartzAsync(s, QuartzStore.Ram),
        };
        double Rate(string system) => runs.First(r => r.System == system).PerSecond;
        var figures = new Figures($"OpenAPI runJob over HTTP, {s.TriggerConcurrency} calls in flight", s.TriggerConcurrency, s.Workers, runs,
            Rate("PowerJob.Akka AKKA") / Rate("Quartz AdoJobStore"), Rate("PowerJob.Akka HTTP") / Rate("Quartz AdoJobStore"),
            Rate("PowerJob.Akka AKKA") / Rate("Quartz RAMJobStore"), Rate("PowerJob.Akka HTTP") / Rate("Quartz RAMJobStore"));
        foreach (var run in runs)
            if (run.PerSecond <= 0) throw new InvalidOperationException($"{run.System}: no throughput measured");

        report.Add("throughput", figures, Summary(figures, s), StageTable(runs), ProfileTable(runs), WriteCostTable(runs));
    }

    private static async Task<Run> PowerJobAsync(BenchSettings s, Protocol protocol)
    {
        Console.WriteLine($"throughput: PowerJob.Akka over {protocol.Name()}, {s.Instances:N0} instances ...");
        await using var cluster = await PowerJobCluster.StartAsync(s.Workers, protocol);
        var jobId = await cluster.SaveNoopJobAsync();
        var events = new FinishedEvents();
        var listener = cluster.ServerSystem.ActorOf(Props.Create(() => new FinishedCounter(jobId, events)));
        var warmup = await JitWarmup.RunAsync(s.WarmupInstances, s.MaxWarmupRounds,
            round => BatchAsync(cluster, events, jobId, s.WarmupInstances, (round - 1) * s.WarmupInstances, s));

        cluster.Store.Reset();
        var meter = new ProcessMeter();
        var started = Stopwatch.GetTimestamp();
        var (ids, triggered) = await BatchAsync(cluster, events, jobId, s.Instances, warmup.Instances, s);
        var wall = Stopwatch.GetElapsedTime(started);
        var cpu = meter.Stop();
        var profile = cluster.Store.Snapshot(wall);
        cluster.ServerSystem.Stop(listener);
        var (repeated, notSucceed) = events.Anomalies();
        await using var reader = cluster.OpenReader();
        var stored = await StoredAsync(reader, ids, 5);
        var stages = await StagesAsync(reader, ids, cluster.Starts);
        var writeCost = await StoreWriteCost.MeasureAsync(cluster.Store, cluster.ConnectionString, ids, Math.Min(1_000, ids.Count));
        return new Run($"PowerJob.Akka {protocol.Name()}", "SQLite", s.Instances, Math.Round(wall.TotalSeconds, 2),
            Math.Round(s.Instances / wall.TotalSeconds, 0), Math.Round(triggered.TotalSeconds, 2), notSucceed, cpu, profile, stages,
            repeated, stored, writeCost, warmup);
    }

    // Triggers count instances through the OpenAPI, then waits until the server has finished all of them (and those before).
    private static async Task<(List<long> Ids, TimeSpan Triggered)> BatchAsync(PowerJobCluster cluster, FinishedEvents events, long jobId,
        int count, int before, BenchSettings s)
    {
        var ids = new ConcurrentBag<long>();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = s.TriggerConcurrency },
            async (_, _) => ids.Add(await cluster.Api.RunJobAsync(cluster.AppId, jobId)));
        var triggered = Stopwatch.GetElapsedTime(started);
        var deadline = Stopwatch.GetTimestamp() + (long)(s.Deadline.TotalSeconds * Stopwatch.Frequency);
        while (events.Instances < before + count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"{events.Instances - before} of {count} instances finished within {s.Deadline}");
            await Task.Delay(5);
        }
        return (ids.ToList(), triggered);
    }

    private static Task<int> StoredAsync(SqliteConnection reader, IReadOnlyCollection<long> ids, int status) =>
        reader.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM instance_info WHERE instance_id BETWEEN @min AND @max AND status = @status",
            new { min = ids.Min(), max = ids.Max(), status });

    // Where an instance's time goes, from the transition times the server stores and the processor's own start time.
    private static async Task<IReadOnlyList<Stage>> StagesAsync(SqliteConnection reader, List<long> ids, StartLog starts)
    {
        var rows = await reader.QueryAsync<(long Id, int Status, long At)>(
            "SELECT instance_id, status, changed_at FROM instance_transition WHERE instance_id BETWEEN @min AND @max",
            new { min = ids.Min(), max = ids.Max() });
        var times = rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.GroupBy(r => r.Status).ToDictionary(x => x.Key, x => (double)x.Min(r => r.At)));
        var created = new List<double>();
        var dispatched = new List<double>();
        var reported = new List<double>();
        var total = new List<double>();
        foreach (var id in ids)
        {
            if (!times.TryGetValue(id, out var t) || !starts.TryGet(id, out var start)) continue;
            if (!t.TryGetValue(1, out var t1) || !t.TryGetValue(2, out var t2) || !t.TryGetValue(5, out var t5)) continue;
            created.Add(t2 - t1);
            dispatched.Add(start - t2);
            reported.Add(t5 - start);
            total.Add(t5 - t1);
        }
        return
        [
            new Stage("created → dispatch decided (server queue, worker list)", Distribution.Of(created)),
            new Stage("dispatch decided → processor started (transport, task tracker)", Distribution.Of(dispatched)),
            new Stage("processor started → SUCCEED decided (report back)", Distribution.Of(reported)),
            new Stage("created → SUCCEED decided", Distribution.Of(total)),
        ];
    }

    private static async Task<Run> QuartzAsync(BenchSettings s, QuartzStore store)
    {
        var name = store == QuartzStore.Ram ? "Quartz RAMJobStore" : "Quartz AdoJobStore";
        Console.WriteLine($"throughput: {name}, {s.Instances:N0} one-shot triggers ...");
        await using var quartz = await QuartzScheduler.StartAsync(store);
        var job = JobBuilder.Create<NoopJob>().WithIdentity("noop").StoreDurably().Build();
        await quartz.Scheduler.AddJob(job, new AddJobOptions());
        var warmup = await JitWarmup.RunAsync(s.WarmupInstances, s.MaxWarmupRounds,
            round => QuartzBatchAsync(quartz, job.Key, $"warmup{round}", s.WarmupInstances, s));

        var meter = new ProcessMeter();
        var started = Stopwatch.GetTimestamp();
        var triggered = await QuartzBatchAsync(quartz, job.Key, "run", s.Instances, s);
        var wall = Stopwatch.GetElapsedTime(started);
        return new Run(name, store == QuartzStore.Ram ? "RAM" : "SQLite", s.Instances, Math.Round(wall.TotalSeconds, 2),
            Math.Round(s.Instances / wall.TotalSeconds, 0), Math.Round(triggered.TotalSeconds, 2), 0, meter.Stop(), Warmup: warmup);
    }

    // Done when every firing ran and, for the AdoJobStore, its completion is stored (the one-shot trigger row is gone).
    private static async Task<TimeSpan> QuartzBatchAsync(QuartzScheduler quartz, JobKey job, string group, int count, BenchSettings s)
    {
        var sink = new QuartzSink();
        QuartzProbe.Current = sink;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = s.TriggerConcurrency },
            async (i, ct) => await quartz.Scheduler.ScheduleJob(
                TriggerBuilder.Create().WithIdentity($"t{i}", group).ForJob(job).StartNow().Build(), new ScheduleJobOptions(), ct));
        var triggered = Stopwatch.GetElapsedTime(started);
        using var deadline = new CancellationTokenSource(s.Deadline);
        while (sink.Executed < count) await Task.Delay(5, deadline.Token);
        if (quartz.Store == QuartzStore.AdoSqlite)
        {
            await using var reader = new SqliteConnection(quartz.ConnectionString + ";Mode=ReadOnly;Pooling=False");
            await reader.OpenAsync(deadline.Token);
            while (await reader.ExecuteScalarAsync<int>(
                       "SELECT (SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group = @group) + (SELECT COUNT(*) FROM qrtz_fired_triggers)",
                       new { group }) > 0)
                await Task.Delay(5, deadline.Token);
        }
        return triggered;
    }

    private static Table Summary(Figures f, BenchSettings s)
    {
        var ado = f.Runs.First(r => r.System == "Quartz AdoJobStore").PerSecond;
        var ram = f.Runs.First(r => r.System == "Quartz RAMJobStore").PerSecond;
        return new Table($"1. End-to-end throughput: {s.Instances:N0} API instances of a no-op job",
            ["system", "store", "instances/s", "wall s", "trigger phase s", "stored SUCCEED", "CPU % of machine", "vs Quartz SQLite", "vs Quartz RAM"],
            f.Runs.Select(r => (IReadOnlyList<string>)
            [
                r.System, r.Store, Format.Num(r.PerSecond), Format.Num(r.Seconds, 2), Format.Num(r.TriggerSeconds, 2),
                r.StoredSucceed is { } stored ? $"{stored:N0}" : "n/a", Format.Num(r.Cpu.PercentOfMachine), Format.Ratio(r.PerSecond / ado), Format.Ratio(r.PerSecond / ram),
            ]).ToList(),
            [
                $"PowerJob.Akka: trigger = {f.Trigger}; {f.Workers} real WorkerNodes in this process (loopback); counted when SUCCEED is stored; SQLite (WAL, synchronous=NORMAL) in a temp file.",
                "The HTTP client side does not dominate the trigger: the same HttpClient and Kestrel do tens of thousands of round trips/s (part 3); the runJob handler's store calls do (1b, 1c).",
                $"Quartz.NET 4.7.3 defaults, embedded (no network hop): {s.Instances:N0} StartNow one-shot triggers of one durable job, ScheduleJob with {f.Concurrency} calls in flight; AdoJobStore on SQLite (WAL, synchronous=NORMAL) done when the trigger rows are gone.",
                $"Each system is first warmed up unmeasured, in rounds of {s.WarmupInstances:N0} instances until a round compiles fewer than {JitWarmup.QuietMethods} methods " +
                $"(at most {s.MaxWarmupRounds} rounds), so the tiered JIT has optimised the hot path and the connections are open: " +
                string.Join(", ", f.Runs.Select(r => $"{r.System} {r.Warmup?.Rounds} rounds ({r.Warmup?.MethodsInLastRound} methods in the last)")) + ".",
                "JIT compile time left in the measured runs (all threads): " + string.Join(", ", f.Runs.Select(r => $"{r.System} {Format.Num(r.Cpu.JitMs)} ms")) + ".",
                "Ratios are PowerJob.Akka ÷ Quartz, measured in the same run.",
                .. f.Runs.Where(r => r.StoredSucceed < r.Instances).Select(r =>
                    $"WARNING {r.System}: the server decided SUCCEED for all {r.Instances:N0} but the store holds {r.StoredSucceed:N0} as SUCCEED (a late report or a refused write replaced the result)."),
            ]);
    }

    private static Table StageTable(IReadOnlyList<Run> runs) => new("1a. Where a PowerJob.Akka instance's time goes under that load (ms)",
        ["protocol", "stage", "p50", "p99", "max"],
        runs.Where(r => r.Stages is not null).SelectMany(r => r.Stages!.Select(st => (IReadOnlyList<string>)
            [r.System.Replace("PowerJob.Akka ", ""), st.Name, Format.Ms(st.Ms.P50), Format.Ms(st.Ms.P99), Format.Ms(st.Ms.Max)])).ToList(),
        ["From the instance transitions the server stores (its decision times) and the processor's own start time."]);

    private static Table ProfileTable(IReadOnlyList<Run> runs) => new("1b. Store calls during the PowerJob.Akka runs",
        ["protocol", "store method", "calls", "per instance", "mean ms", "max ms", "total s"],
        runs.Where(r => r.StoreProfile is not null).SelectMany(r => r.StoreProfile!.Calls.Take(6).Select(c => (IReadOnlyList<string>)
            [r.System.Replace("PowerJob.Akka ", ""), c.Method, Format.Num(c.Calls), Format.Num(c.Calls / (double)r.Instances, 2),
             Format.Num(c.MeanMs, 2), Format.Num(c.MaxMs, 1), Format.Num(c.TotalMs / 1000, 1)])).ToList(),
        runs.Where(r => r.StoreProfile is not null).Select(r =>
            $"{r.System}: store busy (≥ 1 call in flight) {r.StoreProfile!.BusyPercent}% of the wall time, up to {r.StoreProfile.MaxInFlight} calls in flight; process CPU {r.Cpu.PercentOfMachine}% of the machine, {r.Cpu.AllocatedMiB:N0} MiB allocated, {r.Cpu.Gen2Collections} gen-2 GCs; " +
            $"finished events not SUCCEED: {r.Failed}, instances finished twice: {r.InstancesFinishedTwice}.").ToList());

    private static Table WriteCostTable(IReadOnlyList<Run> runs) => new("1c. What one instance write costs on the SQLite store (after the run, uncontended)",
        ["protocol", "writes", "store call, own transaction: ms", "→ writes/s", "same SQL, 100 per transaction: ms", "→ writes/s"],
        runs.Where(r => r.WriteCost is not null).Select(r => (IReadOnlyList<string>)
        [
            r.System.Replace("PowerJob.Akka ", ""), Format.Num(r.WriteCost!.Writes), Format.Num(r.WriteCost.StoreCallMs, 3),
            Format.Num(r.WriteCost.StoreWritesPerSecond), Format.Num(r.WriteCost.GroupedMs, 3), Format.Num(r.WriteCost.GroupedWritesPerSecond),
        ]).ToList(),
        [
            "A short API instance takes 2 writes (inserted already dispatched; its RUNNING stored with SUCCEED); the SQLite store's single writer commits whatever writes are queued together, one transaction per batch.",
            "Left: IPowerJobStore.UpdateInstanceAsync awaited one after another, so each is a batch of one (a transaction of its own). Right: the same two statements through Dapper on one open connection, 100 instances per transaction (what the writer does under load).",
        ]);
}
