namespace PowerJob.Akka.Benchmarks;

/// <summary>The sizes of one run: full mode for the published figures, quick mode (under a minute) for CI smoke.</summary>
public sealed record BenchSettings
{
    public required bool Quick { get; init; }
    /// <summary>API instances per throughput measurement.</summary>
    public required int Instances { get; init; }
    /// <summary>Instances per warm-up round before measuring; rounds go on until the JIT is quiet (Support/JitWarmup).</summary>
    public required int WarmupInstances { get; init; }
    public required int MaxWarmupRounds { get; init; }
    /// <summary>runJob (and Quartz ScheduleJob) calls in flight at once.</summary>
    public required int TriggerConcurrency { get; init; }
    public required int Workers { get; init; }
    public required int CronJobs { get; init; }
    public required TimeSpan CronWindow { get; init; }
    /// <summary>Time the CRON jobs run before the window opens, and after it closes before lags are read.</summary>
    public required TimeSpan CronSettle { get; init; }
    public required TimeSpan CronGrace { get; init; }
    public required int TransportConcurrency { get; init; }
    public required TimeSpan TransportDuration { get; init; }
    public required int ScaleWorkers { get; init; }
    public required TimeSpan ScaleInterval { get; init; }
    public required TimeSpan ScaleDuration { get; init; }
    public required TimeSpan Deadline { get; init; }
    /// <summary>Part 5: nodes per system (PowerJob.Akka servers, clustered Quartz schedulers) on the one PostgreSQL.</summary>
    public required int DistributedNodes { get; init; }
    public required int DistributedInstances { get; init; }
    /// <summary>Part 5's warm-up: fewer than part 1's, as clustered Quartz runs a few hundred a second there.</summary>
    public required int DistributedWarmupInstances { get; init; }
    public required int DistributedCronJobs { get; init; }
    /// <summary>Part 5: how long one system may take over its instances before the part reports what it did and moves on.</summary>
    public required TimeSpan DistributedDeadline { get; init; }

    public static BenchSettings Full() => new()
    {
        Quick = false, Instances = 10_000, WarmupInstances = 2_000, MaxWarmupRounds = 20, TriggerConcurrency = 32, Workers = 2,
        CronJobs = 1_000, CronWindow = TimeSpan.FromSeconds(30), CronSettle = TimeSpan.FromSeconds(5), CronGrace = TimeSpan.FromSeconds(5),
        TransportConcurrency = 16, TransportDuration = TimeSpan.FromSeconds(8),
        ScaleWorkers = 1_000, ScaleInterval = TimeSpan.FromSeconds(1), ScaleDuration = TimeSpan.FromSeconds(30),
        Deadline = TimeSpan.FromMinutes(10),
        DistributedNodes = 3, DistributedInstances = 10_000, DistributedWarmupInstances = 2_000, DistributedCronJobs = 1_000, DistributedDeadline = TimeSpan.FromMinutes(4),
    };

    public static BenchSettings QuickMode() => new()
    {
        Quick = true, Instances = 200, WarmupInstances = 20, MaxWarmupRounds = 1, TriggerConcurrency = 16, Workers = 2,
        CronJobs = 20, CronWindow = TimeSpan.FromSeconds(2), CronSettle = TimeSpan.FromSeconds(1), CronGrace = TimeSpan.FromSeconds(1),
        TransportConcurrency = 16, TransportDuration = TimeSpan.FromSeconds(1),
        ScaleWorkers = 50, ScaleInterval = TimeSpan.FromSeconds(1), ScaleDuration = TimeSpan.FromSeconds(3),
        Deadline = TimeSpan.FromSeconds(40),
        DistributedNodes = 3, DistributedInstances = 200, DistributedWarmupInstances = 20, DistributedCronJobs = 20, DistributedDeadline = TimeSpan.FromSeconds(20),
    };
}
