using System.Runtime.InteropServices;

namespace PowerJob.Akka.Benchmarks.Reporting;

/// <summary>What the figures were measured on; printed above the tables and written into the JSON.</summary>
public sealed record MachineInfo(int Cores, string Os, string Runtime, string Cpu, double MemoryGiB, bool ServerGc, bool DynamicPgo)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        CpuModel(),
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        System.Runtime.GCSettings.IsServerGC,
        DynamicPgoOn());

    public string Describe() =>
        $"{Cores} cores ({Cpu}), {MemoryGiB} GiB, {Os}, {Runtime}, {(ServerGc ? "server" : "workstation")} GC, dynamic PGO {(DynamicPgo ? "on" : "off")}";

    // As the runtime decides it: the runtimeconfig's System.Runtime.TieredPGO, overridden by DOTNET_TieredPGO.
    private static bool DynamicPgoOn() => Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is { } env
        ? env != "0"
        : AppContext.TryGetSwitch("System.Runtime.TieredPGO", out var on) ? on : true;

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
