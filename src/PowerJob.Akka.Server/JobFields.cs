using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server;

/// <summary>PowerJob's JSON job fields this server reads when running a job, in one place.</summary>
internal static class JobFields
{
    public static string? AdvancedRuntimeConfig(JobRecord job) => job.AdvancedRuntimeConfig;
    public static string? AlarmConfig(JobRecord job) => job.AlarmConfig;
    public static string? LifeCycle(JobRecord job) => job.LifeCycle;
    public static string? DispatchStrategyConfig(JobRecord job) => job.DispatchStrategyConfig;
    /// <summary>PowerJob's minCpuCores, minMemorySpace (GB), minDiskSpace (GB); 0 = no requirement.</summary>
    public static (double Cpu, double MemoryGb, double DiskGb) Minimums(JobRecord job) => (job.MinCpuCores, job.MinMemorySpace, job.MinDiskSpace);
}
