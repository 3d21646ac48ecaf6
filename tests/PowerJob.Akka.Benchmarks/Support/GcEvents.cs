using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using PowerJob.Akka.Benchmarks.Reporting;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// The blocking GCs of this process while it listens (the runtime's own GC events): how many of each generation, how
/// long each held the process still (from the suspension of managed threads to their restart), how much of that was
/// suspending the threads, and how many KB each one promoted (the survivors it copied, what its work grows with).
/// </summary>
public sealed class GcEvents : EventListener
{
    public sealed record Generation(int Gen, int Collections, double PauseMs, Distribution PauseEachMs, Distribution SuspendEachMs,
        Distribution PromotedKBEach);

    private sealed record Pause(int Gen, double PauseMs, double SuspendMs, double PromotedKB, IReadOnlyDictionary<string, double> MarkedKB);

    private readonly ConcurrentQueue<Pause> _pauses = new();
    private int _gen;
    private DateTime _suspendedAt;
    private double _suspendMs;
    private double _promotedKB;
    private Dictionary<string, double> _marking = new();
    private static readonly string[] RootNames = ["stacks", "finalizer queue", "handles", "older generations (cards)", "sized refs", "overflow"];

    protected override void OnEventSourceCreated(EventSource source)
    {
        const EventKeywords gc = (EventKeywords)0x1;
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, gc);
    }

    // Delivered on a thread of their own, later: durations come from the events' own time stamps.
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "GCSuspendEEBegin_V1":
                _suspendedAt = e.TimeStamp;
                _promotedKB = 0;
                break;
            case "GCSuspendEEEnd_V1" when _suspendedAt != default:
                _suspendMs = (e.TimeStamp - _suspendedAt).TotalMilliseconds;
                break;
            case "GCStart_V2":
                _gen = Convert.ToInt32(e.Payload![1]);
                _marking = new Dictionary<string, double>();
                break;
            case "GCMarkWithType":
                var root = Convert.ToInt32(e.Payload![e.PayloadNames!.IndexOf("Type")]);
                var name = root < RootNames.Length ? RootNames[root] : $"root {root}";
                _marking[name] = _marking.GetValueOrDefault(name) + Convert.ToDouble(e.Payload[e.PayloadNames.IndexOf("Bytes")]) / 1024;
                break;
            case "GCHeapStats_V2":
                var promoted = Convert.ToDouble(e.Payload![e.PayloadNames!.IndexOf("TotalPromotedSize0")]);
                if (_gen >= 1) promoted += Convert.ToDouble(e.Payload[e.PayloadNames.IndexOf("TotalPromotedSize1")]);
                _promotedKB = promoted / 1024;
                break;
            case "GCRestartEEEnd_V1" when _suspendedAt != default:
                _pauses.Enqueue(new Pause(_gen, (e.TimeStamp - _suspendedAt).TotalMilliseconds, _suspendMs, _promotedKB, _marking));
                _suspendedAt = default;
                break;
        }
    }

    /// <summary>KB marked live per GC of <paramref name="gen"/>, by the roots they were reached from.</summary>
    public IReadOnlyDictionary<string, double> MarkedKBPerGc(int gen)
    {
        var pauses = _pauses.Where(p => p.Gen == gen).ToList();
        return pauses.SelectMany(p => p.MarkedKB).GroupBy(m => m.Key)
            .ToDictionary(g => g.Key, g => Math.Round(g.Sum(m => m.Value) / pauses.Count));
    }

    public IReadOnlyList<Generation> ByGeneration() =>
        _pauses.GroupBy(p => p.Gen).OrderBy(g => g.Key)
            .Select(g => new Generation(g.Key, g.Count(), Math.Round(g.Sum(p => p.PauseMs)), Distribution.Of(g.Select(p => p.PauseMs)),
                Distribution.Of(g.Select(p => p.SuspendMs)), Distribution.Of(g.Select(p => p.PromotedKB))))
            .ToList();
}
