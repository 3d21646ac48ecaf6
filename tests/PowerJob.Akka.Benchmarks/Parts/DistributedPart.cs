using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;

namespace PowerJob.Akka.Benchmarks.Parts;

/// <summary>
/// Part 5: the distributed comparison. Three PowerJob.Akka servers in one Akka.Cluster on one PostgreSQL schema, with
/// two workers, against three Quartz.NET schedulers clustered on a PostgreSQL schema of their own (AdoJobStore,
/// clustered): the same one-shot instances spread over the nodes, then the same CRON load, throughput and lag side by
/// side. Skipped with one line when no PostgreSQL is configured.
/// <para>
/// Every node runs in this process (servers, workers and schedulers alike, each with its own actor system or
/// container and its own connection pool): the two systems are measured the same way, the instances are counted
/// from the servers' own event streams, and the part stays small enough for CI's quick run — three server
/// processes would each pay start-up and JIT again, seconds that quick mode does not have.
/// </para>
/// </summary>
public static partial class DistributedPart
{
    public sealed record ThroughputRun(string System, int Nodes, int Instances, int Finished, bool Complete, int FailedCalls, double Seconds,
        double PerSecond, double TriggerSeconds, CpuUse Cpu, double PostgresCpuPercentOfOneCore, int? StoredSucceed = null, string? Note = null);

    public sealed record CronRun(string System, int Jobs, int JobsCreated, double CreateSeconds, double WindowSeconds, int Expected, int Fired,
        int Started, Distribution LagMs, CpuUse Cpu, double PostgresCpuPercentOfOneCore, string? Note = null);

    public sealed record ThroughputFigures(string Trigger, int Concurrency, int Warmup, IReadOnlyList<ThroughputRun> Runs,
        double AkkaVsQuartzClusteredPostgres);

    public sealed record CronFigures(int Jobs, string Expression, double WindowSeconds, IReadOnlyList<CronRun> Runs);

    public sealed record Figures(string Postgres, int Nodes, int Workers, ThroughputFigures Throughput, CronFigures Cron);

    private const string AkkaSystem = "PowerJob.Akka cluster";
    private const string QuartzSystem = "Quartz AdoJobStore clustered";

    public static async Task RunAsync(BenchSettings s, BenchReport report)
    {
        if (PostgresBenchDatabase.ServerConnectionString is not { } server)
        {
            report.Skip("distributed", $"set {PostgresBenchDatabase.BenchVariable} (or {PostgresBenchDatabase.TestVariable}) to a PostgreSQL " +
                                       "connection string, e.g. Host=127.0.0.1;Port=5432;Username=powerjob;Password=powerjob;Database=powerjob_test");
            return;
        }
        var (akka, akkaCron, postgres) = await PowerJobAsync(s, server);
        var (quartz, quartzCron) = await QuartzAsync(s, server);
        var runs = new[] { akka, quartz };
        var figures = new Figures(postgres, s.DistributedNodes, s.Workers,
            new ThroughputFigures($"OpenAPI runJob over HTTP round-robin over the servers, {s.TriggerConcurrency} calls in flight", s.TriggerConcurrency,
                s.DistributedWarmupInstances, runs, Math.Round(akka.PerSecond / quartz.PerSecond, 2)),
            new CronFigures(s.DistributedCronJobs, "every second", s.CronWindow.TotalSeconds, [akkaCron, quartzCron]));
        report.Add("distributed", figures, ThroughputTable(figures, s), CronTable(figures, s));
        // Quick mode is CI's smoke run at a load every system carries, so nothing done there means broken; a full run
        // that overloads a system reports what it did (the tables mark it) rather than failing.
        if (!s.Quick) return;
        if (runs.FirstOrDefault(r => r.Finished == 0) is { } none) throw new InvalidOperationException($"{none.System}: no instance finished");
        if (figures.Cron.Runs.FirstOrDefault(r => r.Started == 0) is { } idle) throw new InvalidOperationException($"{idle.System}: no CRON fire started");
    }

    /// <summary>
    /// Creates the CRON jobs, 8 calls in flight, until all exist or the part's deadline passes (the jobs created first
    /// fire meanwhile, so an overloaded system creates the rest slowly). A call that fails is counted, not retried.
    /// </summary>
    private static async Task<(int Created, double Seconds, string? Note)> CreateCronJobsAsync(BenchSettings s, Func<int, CancellationToken, Task> create)
    {
        var created = 0;
        var calls = new FailedCalls();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var deadline = new CancellationTokenSource(s.DistributedDeadline);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, s.DistributedCronJobs),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = deadline.Token },
                async (i, ct) =>
                {
                    if (await calls.TryAsync(() => create(i, ct), ct)) Interlocked.Increment(ref created);
                });
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }
        var seconds = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
        var note = string.Join("; ", new[]
        {
            created < s.DistributedCronJobs && calls.Count == 0 ? $"only {created:N0} of {s.DistributedCronJobs:N0} jobs created within the part's deadline" : null,
            calls.Describe("job creation"),
        }.OfType<string>());
        return (created, seconds, note.Length == 0 ? null : note);
    }

    /// <summary>Calls to a system under load that failed (a refused or timed-out call), counted so the run goes on.</summary>
    private sealed class FailedCalls
    {
        private int _count;
        private string? _first;

        public int Count => Volatile.Read(ref _count);

        public async Task<bool> TryAsync(Func<Task> call, CancellationToken deadline)
        {
            try
            {
                await call();
                return true;
            }
            catch (Exception e) when (!deadline.IsCancellationRequested)
            {
                if (Interlocked.Increment(ref _count) == 1) _first = e.GetBaseException().Message;
                return false;
            }
        }

        public string? Describe(string what) => Count == 0 ? null : $"{Count:N0} {what} calls failed, the first with: {_first}";
    }

    /// <summary>Waits until <paramref name="done"/> holds or the token ends the wait; says which.</summary>
    private static async Task<bool> UntilAsync(Func<Task<bool>> done, CancellationToken deadline)
    {
        try
        {
            while (!await done()) await Task.Delay(5, deadline);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    private static ThroughputRun Throughput(string system, BenchSettings s, int finished, bool complete, int failedCalls, TimeSpan wall,
        TimeSpan? triggered, CpuUse cpu, double postgresCpu, int? stored, params string?[] notes)
    {
        var incomplete = complete ? null
            : $"INCOMPLETE: {finished:N0} of {s.DistributedInstances:N0} finished within the part's deadline of {s.DistributedDeadline.TotalSeconds:0} s";
        var note = string.Join("; ", new[] { incomplete }.Concat(notes).OfType<string>());
        return new ThroughputRun(system, s.DistributedNodes, s.DistributedInstances, finished, complete, failedCalls, Math.Round(wall.TotalSeconds, 2),
            Math.Round(finished / wall.TotalSeconds, 0), triggered is { } t ? Math.Round(t.TotalSeconds, 2) : double.NaN, cpu, postgresCpu, stored,
            note.Length == 0 ? null : note);
    }

    private static Table ThroughputTable(Figures f, BenchSettings s)
    {
        var quartz = f.Throughput.Runs.Single(r => r.System == QuartzSystem).PerSecond;
        return new Table($"5. Distributed: {f.Throughput.Runs[0].Instances:N0} one-shot instances on {f.Nodes} nodes sharing one PostgreSQL",
            ["system", "nodes", "instances/s", "finished", "wall s", "trigger phase s", "stored SUCCEED", "CPU % of machine", "PostgreSQL CPU % of one core", "vs Quartz clustered"],
            f.Throughput.Runs.Select(r => (IReadOnlyList<string>)
            [
                r.Complete ? r.System : $"{r.System} (INCOMPLETE)", Format.Num(r.Nodes), Format.Num(r.PerSecond), Format.Num(r.Finished),
                Format.Num(r.Seconds, 2), Format.Num(r.TriggerSeconds, 2), r.StoredSucceed is { } stored ? $"{stored:N0}" : "n/a",
                Format.Num(r.Cpu.PercentOfMachine), Format.Num(r.PostgresCpuPercentOfOneCore), Format.Ratio(r.PerSecond / quartz),
            ]).ToList(),
            [
                $"PostgreSQL {f.Postgres}; each system on a throw-away schema of its own, dropped afterwards; every node has its own connection pool of at most {PostgresBenchDatabase.PoolPerNode}, a call waiting up to {PostgresBenchDatabase.PoolWaitSeconds} s for one of its connections.",
                $"PowerJob.Akka: {f.Nodes} ServerNodes in one Akka.Cluster on the Postgres store, {f.Workers} WorkerNodes (AKKA) that know all of them; trigger = {f.Throughput.Trigger}; counted when the servers publish SUCCEED after storing it (event streams of all servers); one app, so its entity (scheduling and dispatch) runs on one member and the others forward runJob to it.",
                $"Quartz.NET 4.7.3: {f.Nodes} schedulers, one scheduler name, distinct instance ids, AdoJobStore on Npgsql with UseClustering() (quartz.jobStore.clustered = true, row locks), default serializer and thread pool; {f.Throughput.Runs[0].Instances:N0} StartNow one-shot triggers of one durable job, ScheduleJob round-robin over the schedulers with {f.Throughput.Concurrency} in flight; done when every firing ran and the trigger rows are gone.",
                $"All nodes of a system run in this process (one CPU figure for all of them); each system first runs {f.Throughput.Warmup:N0} instances unmeasured. PostgreSQL CPU = the backends serving the run's connections, from /proc ('-' when PostgreSQL is not on this machine).",
                "Ratio = PowerJob.Akka ÷ Quartz clustered, measured in the same run.",
                .. f.Throughput.Runs.Where(r => r.Note is not null).Select(r => $"{r.System}: {r.Note}"),
            ]);
    }

    private static Table CronTable(Figures f, BenchSettings s) => new(
        $"5a. Distributed CRON: {f.Cron.Jobs:N0} jobs firing every second for {f.Cron.WindowSeconds:0} s on {f.Nodes} nodes sharing one PostgreSQL",
        ["system", "jobs created (s)", "fires due", "fired", "started", "lag p50 ms", "lag p99 ms", "lag max ms", "CPU % of machine", "PostgreSQL CPU % of one core"],
        f.Cron.Runs.Select(r => (IReadOnlyList<string>)
        [
            r.JobsCreated < r.Jobs || r.Started < r.Expected / 2 ? $"{r.System} (OVERLOADED)" : r.System,
            $"{Format.Num(r.JobsCreated)} of {Format.Num(r.Jobs)} ({Format.Num(r.CreateSeconds, 1)} s)", Format.Num(r.Expected), Format.Num(r.Fired), Format.Num(r.Started), Format.Ms(r.LagMs.P50), Format.Ms(r.LagMs.P99),
            Format.Ms(r.LagMs.Max), Format.Num(r.Cpu.PercentOfMachine), Format.Num(r.PostgresCpuPercentOfOneCore),
        ]).ToList(),
        [
            "Lag = processor start − the fire's due time, as in part 2: PowerJob.Akka's due time is the instance's expectedTriggerTime in the store and its start the no-op processor's clock on a worker; Quartz's due time is ScheduledFireTimeUtc and its start the job's clock.",
            .. f.Cron.Runs.Where(r => r.Note is not null).Select(r => $"{r.System}: {r.Note}"),
            $"The jobs were created round-robin over the nodes (saveJob through the OpenAPI; Quartz ScheduleJob), 8 calls in flight, within the part's deadline of {s.DistributedDeadline.TotalSeconds:0} s; fires due = jobs created × window seconds. Window: fires due in {s.CronWindow.TotalSeconds:0} s after a {s.CronSettle.TotalSeconds:0} s settle; a fire due but not started {s.CronGrace.TotalSeconds:0} s after the window counts with the lag it had then (a lower bound); 'fired' < 'fires due' means fires were skipped (misfire).",
        ]);
}
