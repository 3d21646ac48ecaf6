using PowerJob.Akka.Configuration;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Retention;

/// <summary>How long finished instances (with transitions and logs) and log lines alone are kept.</summary>
public sealed record RetentionPolicy(TimeSpan Instances, TimeSpan Logs);

/// <summary>What an app's cleanup needs, handed over as one immutable value.</summary>
public sealed record RetentionSettings(IPowerJobStore Store, TimeProvider Time, RetentionPolicy Defaults, TimeSpan Interval,
    TimeSpan FirstDelay, int BatchSize)
{
    public static RetentionSettings From(ServerOptions options, IPowerJobStore store, TimeProvider time) =>
        new(store, time, new RetentionPolicy(options.InstanceRetention, options.LogRetention), options.CleanupInterval,
            TimeSpan.FromTicks(Math.Min(options.CleanupInterval.Ticks, TimeSpan.FromMinutes(1).Ticks)), options.CleanupBatchSize);

    /// <summary>The job's own retention where it sets one, the server's otherwise.</summary>
    public RetentionPolicy Policy(JobRecord job) => JobRetention.Read(JobFields.AdvancedRuntimeConfig(job), Defaults);
}
