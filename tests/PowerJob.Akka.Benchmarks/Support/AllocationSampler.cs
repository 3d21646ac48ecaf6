using System.Diagnostics.Tracing;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// With <c>BENCH_ALLOC_TYPES=1</c>: the runtime's allocation samples (one per ~100 KB allocated) by type, printed per
/// instance, to see what the bytes per instance are made of.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = new();

    public static AllocationSampler? FromEnvironment() =>
        Environment.GetEnvironmentVariable("BENCH_ALLOC_TYPES") == "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName != "GCAllocationTick_V4" || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }

    public void Print(int instances)
    {
        lock (_bytes)
            foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(60))
                Console.WriteLine($"alloc {bytes / 1024.0 / instances,8:0.00} KB/instance  {type}");
    }
}
