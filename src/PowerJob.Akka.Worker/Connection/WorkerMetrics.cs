using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Worker.Connection;

internal static class WorkerMetrics
{
    private const double Gb = 1024.0 * 1024 * 1024;

    /// <summary>The disk holding the working directory, in GB (PowerJob reports the same for its minDiskSpace check).</summary>
    private static (double Used, double Total) Disk()
    {
        try
        {
            var drive = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(Environment.CurrentDirectory)) ?? "/");
            return ((drive.TotalSize - drive.AvailableFreeSpace) / Gb, drive.TotalSize / Gb);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (0, 0);
        }
    }

    public static SystemMetrics Sample()
    {
        var memory = GC.GetGCMemoryInfo();
        var used = GC.GetTotalMemory(false) / Gb;
        var max = memory.TotalAvailableMemoryBytes / Gb;
        var (diskUsed, diskTotal) = Disk();
        return new SystemMetrics
        {
            DiskUsed = diskUsed,
            DiskTotal = diskTotal,
            DiskUsage = diskTotal > 0 ? diskUsed / diskTotal : 0,
            CpuProcessors = Environment.ProcessorCount,
            JvmUsedMemory = used,
            JvmMaxMemory = max,
            JvmMemoryUsage = max > 0 ? used / max : 0,
            Score = (int)Math.Max(0, (max - used) * 2 + Environment.ProcessorCount),
        };
    }
}
