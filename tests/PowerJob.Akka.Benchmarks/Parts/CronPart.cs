using Dapper;
using PowerJob.Akka.Benchmarks.QuartzNet;
using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;
using PowerJob.Akka.Configuration;
using Quartz;

namespace PowerJob.Akka.Benchmarks.Parts;

/// <summary>
/// Part 2: many CRON jobs firing every second; lag = processor (job) start − the fire's due time, over a fixed window.
/// A fire that is due in the window but never started by its end counts with the lag it had reached then.
/// </summary>
public static class CronPart
{
    public sealed record Run(string System, int Jobs, double WindowSeconds, int Expected, int Fired, int Started, Distribution LagMs, CpuUse Cpu,
        IReadOnlyList<GcEvents.Generation>? GcPauses = null);

    public sealed record Figures(int Jobs, string Expression, double WindowSeconds, IReadOnlyList<Run> Runs);

    public static async Task RunAsync(BenchSettings s, BenchReport report)
    {
        var runs = new List<Run> { await PowerJobAsync(s), await QuartzAsync(s, QuartzStore.Ram), await QuartzAsync(s, QuartzStore.AdoSqlite) };
        if (runs.Any(r => r.Started == 0)) throw new InvalidOperationException($"no fire started: {string.Join(", ", runs.Where(r => r.Started == 0).Select(r => r.System))}");
        var figures = new Figures(s.CronJobs, "every second", s.CronWindow.TotalSeconds, runs);
        report.Add("cron", figures, new Table($"2. CRON fire precision: {s.CronJobs:N0} jobs firing every second for {s.CronWindow.TotalSeconds:0} s",
            ["system", "fires due", "fired", "started", "lag p50 ms", "lag p99 ms", "lag max ms", "CPU % of machine", "GC pauses ms (gen-1 / gen-2 GCs)"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                r.System, Format.Num(r.Expected), Format.Num(r.Fired), Format.Num(r.Started), Format.Ms(r.LagMs.P50), Format.Ms(r.LagMs.P99),
                Format.Ms(r.LagMs.Max), Format.Num(r.Cpu.PercentOfMachine), $"{Format.Num(r.Cpu.GcPauseMs)} ({r.Cpu.Gen1Collections} / {r.Cpu.Gen2Collections})",
            ]).ToList(),
            [
                "Lag = processor start − the fire's due time. PowerJob.Akka: due time = the instance's expectedTriggerTime from the store, start = the no-op processor's clock on the worker (AKKA, 2 WorkerNodes); Quartz: due time = ScheduledFireTimeUtc from the job execution context, start = the job's clock.",
                $"Window: fires due in {s.CronWindow.TotalSeconds:0} s after a {s.CronSettle.TotalSeconds:0} s settle; a fire due but not started {s.CronGrace.TotalSeconds:0} s after the window counts with the lag it had then (a lower bound). 'fired' < 'fires due' means fires were skipped (misfire).",
                "GC pauses: the time the .NET GC held the whole process still over the window and grace (GC.GetTotalPauseDuration); every system of the run shares the process's GC settings.",
                .. runs.Where(r => r.GcPauses is { Count: > 0 }).Select(r => $"{r.System}, each blocking GC from the runtime's GC events: " +
                    string.Join("; ", r.GcPauses!.Select(g => $"gen-{g.Gen} {g.Collections} GCs, {Format.Num(g.PauseMs)} ms in all, " +
                        $"p50 {Format.Ms(g.PauseEachMs.P50)} / max {Format.Ms(g.PauseEachMs.Max)} ms each, of which suspending threads p50 {Format.Ms(g.SuspendEachMs.P50)} ms, " +
                        $"promoting p50 {Format.Num(g.PromotedKBEach.P50)} KB")) + "."),
                .. runs.Select(r => $"{r.System}: {Format.Num(r.Cpu.AllocatedMiB * 1024 / FiresMeasured(s), 1)} KB allocated per fire (the whole process over the window and grace, {Format.Num(r.Cpu.AllocatedMiB)} MiB)."),
            ]));
    }

    // The process is measured over the window and the grace after it, every job firing every second throughout.
    private static int FiresMeasured(BenchSettings s) => s.CronJobs * (int)(s.CronWindow + s.CronGrace).TotalSeconds;

    private static async Task<Run> PowerJobAsync(BenchSettings s)
    {
        Console.WriteLine($"cron: PowerJob.Akka, {s.CronJobs:N0} jobs ...");
        await using var cluster = await PowerJobCluster.StartAsync(s.Workers, Protocol.Akka);
        var jobs = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Parallel.ForEachAsync(Enumerable.Range(0, s.CronJobs), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => jobs.Add(await cluster.SaveNoopJobAsync("CRON", "* * * * * *", $"cron-{i}")));
        var (from, to) = await CronClock.WindowAsync(s);
        using var gcs = new GcEvents();
        using var sampler = AllocationSampler.FromEnvironment();
        var meter = new ProcessMeter();
        await CronClock.WaitUntilAsync(to + s.CronGrace);
        var cpu = meter.Stop();
        var pauses = gcs.ByGeneration();
        foreach (var gen in new[] { 0, 1 })
            Console.WriteLine($"gen-{gen} marked KB per GC by root: {string.Join(", ", gcs.MarkedKBPerGc(gen).Select(m => $"{m.Key} {m.Value:N0}"))}");
        sampler?.Print(FiresMeasured(s));

        await using var reader = cluster.OpenReader();
        var due = (await reader.QueryAsync<(long Id, long Expected)>(
            "SELECT instance_id, expected_trigger_time FROM instance_info WHERE expected_trigger_time >= @from AND expected_trigger_time < @to",
            new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() })).ToList();
        var cutoff = (to + s.CronGrace).ToUnixTimeMilliseconds();
        var lags = due.Select(d => (cluster.Starts.TryGet(d.Id, out var started) ? started : cutoff) - d.Expected).ToList();
        var startedCount = due.Count(d => cluster.Starts.TryGet(d.Id, out _));
        return new Run("PowerJob.Akka (AKKA, SQLite)", s.CronJobs, s.CronWindow.TotalSeconds, s.CronJobs * (int)s.CronWindow.TotalSeconds,
            due.Count, startedCount, Distribution.Of(lags), cpu, pauses);
    }

    private static async Task<Run> QuartzAsync(BenchSettings s, QuartzStore store)
    {
        var name = store == QuartzStore.Ram ? "Quartz RAMJobStore" : "Quartz AdoJobStore (SQLite)";
        Console.WriteLine($"cron: {name}, {s.CronJobs:N0} jobs ...");
        await using var quartz = await QuartzScheduler.StartAsync(store);
        var sink = new QuartzSink();
        QuartzProbe.Current = sink;
        for (var i = 0; i < s.CronJobs; i++)
        {
            var job = JobBuilder.Create<NoopJob>().WithIdentity($"cron-{i}").Build();
            await quartz.Scheduler.ScheduleJob(job, TriggerBuilder.Create().WithIdentity($"cron-{i}").WithCronSchedule("* * * * * ?").Build(),
                new ScheduleJobOptions());
        }
        var (from, to) = await CronClock.WindowAsync(s);
        var meter = new ProcessMeter();
        await CronClock.WaitUntilAsync(to + s.CronGrace);
        var cpu = meter.Stop();

        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var fires = sink.Fires.Where(f => f.ScheduledMs >= fromMs && f.ScheduledMs < toMs).ToList();
        return new Run(name, s.CronJobs, s.CronWindow.TotalSeconds, s.CronJobs * (int)s.CronWindow.TotalSeconds, fires.Count, fires.Count,
            Distribution.Of(fires.Select(f => f.StartedMs - f.ScheduledMs)), cpu);
    }
}
