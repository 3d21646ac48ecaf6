using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Host.Samples;

/// <summary>
/// <c>sum</c> (MAP_REDUCE): instance params N. The root task maps 1..N into sub-tasks of <see cref="ChunkSize"/> numbers
/// (sent as a range, not a list); each sub-task returns its partial sum; reduce returns the total.
/// </summary>
public sealed class SumProcessor : IMapReduceProcessor
{
    public const int ChunkSize = 1000;
    public const string SubTaskName = "sum-chunk";

    /// <summary>The numbers <see cref="From"/> to <see cref="To"/>, both included.</summary>
    public sealed record Chunk(long From, long To);

    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        if (!context.IsRootTask) return ProcessResult.Ok(Sum(context.GetSubTask<Chunk>()!).ToString());
        if (!long.TryParse(context.InstanceParams?.Trim(), out var n) || n < 0)
            return ProcessResult.Fail($"instance params must be a whole number N >= 0, got '{context.InstanceParams}'");
        var chunks = Chunks(n).ToList();
        await context.MapAsync(chunks, SubTaskName);
        context.Log.Info($"sum of 1..{n}: mapped {chunks.Count} sub-tasks");
        return ProcessResult.Ok($"mapped {chunks.Count} sub-tasks");
    }

    public Task<ProcessResult> ReduceAsync(TaskContext context, IReadOnlyList<TaskResult> results)
    {
        var failed = results.Where(r => !r.Success).ToList();
        if (failed.Count > 0)
            return Task.FromResult(ProcessResult.Fail($"{failed.Count} of {results.Count} sub-tasks failed, first: {failed[0].Result}"));
        return Task.FromResult(ProcessResult.Ok(results.Sum(r => long.Parse(r.Result!)).ToString()));
    }

    public static IEnumerable<Chunk> Chunks(long n)
    {
        for (var from = 1L; from <= n; from += ChunkSize) yield return new Chunk(from, Math.Min(n, from + ChunkSize - 1));
    }

    public static long Sum(Chunk chunk) => (chunk.From + chunk.To) * (chunk.To - chunk.From + 1) / 2;
}
