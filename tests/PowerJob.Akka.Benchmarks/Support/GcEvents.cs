using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using PowerJob.Akka.Benchmarks.Reporting;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// The blocking GCs of this process while it listens (the runtime's own GC events): how many of each generation and how
/// long each held the process still, from the suspension of managed threads to their restart.
/// </summary>
public sealed class GcEvents : EventListener
{
    public sealed record Generation(int Gen, int Collections, double PauseMs, Distribution PauseEachMs);

    private readonly ConcurrentQueue<(int Gen, double PauseMs)> _pauses = new();
    private int _gen;
    private DateTime _suspendedAt;

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
            case "GCStart_V2":
                _gen = Convert.ToInt32(e.Payload![1]);
                break;
            case "GCSuspendEEBegin_V1":
                _suspendedAt = e.TimeStamp;
                break;
            case "GCRestartEEEnd_V1" when _suspendedAt != default:
                _pauses.Enqueue((_gen, (e.TimeStamp - _suspendedAt).TotalMilliseconds));
                _suspendedAt = default;
                break;
        }
    }

    public IReadOnlyList<Generation> ByGeneration() =>
        _pauses.GroupBy(p => p.Gen).OrderBy(g => g.Key)
            .Select(g => new Generation(g.Key, g.Count(), Math.Round(g.Sum(p => p.PauseMs)), Distribution.Of(g.Select(p => p.PauseMs))))
            .ToList();
}
