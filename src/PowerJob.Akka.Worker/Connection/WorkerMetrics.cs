using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Worker.Connection;

internal static class WorkerMetrics
{
    private const double Gb = 1024.0 * 1024 * 1024;

    public static SystemMetrics Sample()
    {
        var memory = GC.GetGCMemoryInfo();
        var used = GC.GetTotalMemory(false) / Gb;
        var max = memory.TotalAvailableMemoryBytes / Gb;
        return new SystemMetrics
        {
            CpuProcessors = Environment.ProcessorCount,
            JvmUsedMemory = used,
            JvmMaxMemory = max,
            JvmMemoryUsage = max > 0 ? used / max : 0,
            Score = (int)Math.Max(0, (max - used) * 2 + Environment.ProcessorCount),
        };
    }
}
