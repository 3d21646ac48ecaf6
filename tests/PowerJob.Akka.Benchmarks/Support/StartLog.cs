using System.Collections.Concurrent;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>When each instance's processor started (Unix ms, sub-ms precision), shared by every worker of a run.</summary>
public sealed class StartLog
{
    private readonly ConcurrentDictionary<long, double> _starts = new();

    public void Record(long instanceId) => _starts.TryAdd(instanceId, NowMs());

    public bool TryGet(long instanceId, out double startedMs) => _starts.TryGetValue(instanceId, out startedMs);

    public int Count => _starts.Count;

    public static double NowMs() => DateTimeOffset.UtcNow.Ticks / (double)TimeSpan.TicksPerMillisecond - UnixEpochMs;

    private static readonly double UnixEpochMs = DateTimeOffset.UnixEpoch.Ticks / (double)TimeSpan.TicksPerMillisecond;
}

/// <summary>The benchmark's job: does nothing but note when it started.</summary>
public sealed class NoopProcessor(StartLog starts) : IBasicProcessor
{
    public const string Name = "noop";

    public Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        starts.Record(context.InstanceId);
        return Task.FromResult(ProcessResult.Ok());
    }
}
