using System.Diagnostics;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>CPU time of this process over an interval, as a share of one core and of the machine, and its GC.</summary>
public sealed class ProcessMeter
{
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly int _gen2AtStart = GC.CollectionCount(2);
    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes();
    private readonly int _gen1AtStart = GC.CollectionCount(1);
    private readonly TimeSpan _pausedAtStart = GC.GetTotalPauseDuration();
    private readonly TimeSpan _jitAtStart = System.Runtime.JitInfo.GetCompilationTime();

    public CpuUse Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        return new CpuUse(Math.Round(100 * cpu / wall, 1), Math.Round(100 * cpu / wall / Environment.ProcessorCount, 1),
            GC.CollectionCount(2) - _gen2AtStart, Math.Round((GC.GetTotalAllocatedBytes() - _allocatedAtStart) / 1048576.0, 1),
            GC.CollectionCount(1) - _gen1AtStart, Math.Round((GC.GetTotalPauseDuration() - _pausedAtStart).TotalMilliseconds),
            Math.Round((System.Runtime.JitInfo.GetCompilationTime() - _jitAtStart).TotalMilliseconds));
    }
}

/// <summary>
/// CPU as % of one core and % of all cores, gen-2 collections and MiB allocated over the interval; gen-1 collections
/// (gen-2 ones included), the time the GC paused the process and the CPU time the JIT spent compiling (all threads).
/// </summary>
public sealed record CpuUse(double PercentOfOneCore, double PercentOfMachine, int Gen2Collections, double AllocatedMiB,
    int Gen1Collections = 0, double GcPauseMs = 0, double JitMs = 0);
