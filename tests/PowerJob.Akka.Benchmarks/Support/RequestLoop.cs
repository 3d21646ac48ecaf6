using System.Diagnostics;
using PowerJob.Akka.Benchmarks.Reporting;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>Keeps a fixed number of requests in flight for a while and counts the round trips and their latency.</summary>
public static class RequestLoop
{
    public sealed record Result(int Concurrency, double Seconds, long RoundTrips, double PerSecond, Distribution LatencyMs, long Errors);

    public static async Task<Result> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<Task> call)
    {
        await LoopAsync(concurrency, warmup, call, null);
        var samples = new List<double>[concurrency];
        var meter = Stopwatch.StartNew();
        var errors = await LoopAsync(concurrency, duration, call, samples);
        var seconds = meter.Elapsed.TotalSeconds;
        var all = samples.SelectMany(s => s).ToList();
        return new Result(concurrency, Math.Round(seconds, 2), all.Count, Math.Round(all.Count / seconds, 0), Distribution.Of(all), errors);
    }

    private static async Task<long> LoopAsync(int concurrency, TimeSpan duration, Func<Task> call, List<double>[]? samples)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long errors = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async i =>
        {
            var mine = new List<double>();
            if (samples is not null) samples[i] = mine;
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call();
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    if (Interlocked.Read(ref errors) > 100) throw;
                }
            }
        }));
        return errors;
    }
}
