using System.Collections.Concurrent;
using PowerJob.Akka.Worker.Host.Samples;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Tests.Worker;

/// <summary>What the test processors observed, shared by every worker of the test process.</summary>
public sealed class ProcessorObservations
{
    private readonly ConcurrentDictionary<(long Instance, string Worker), int> _calls = new();
    private readonly ConcurrentDictionary<long, int> _flakyFailures = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _canceled = new();
    private readonly ConcurrentDictionary<(long Instance, string Worker), byte> _mappers = new();
    private readonly ConcurrentDictionary<string, byte> _held = new();

    public void Called(TaskContext context) => _calls.AddOrUpdate((context.InstanceId, context.WorkerAddress), 1, (_, n) => n + 1);

    /// <summary>Sub-tasks of slow processors on this worker run until canceled: an instance cannot finish without it.</summary>
    public void HoldSubTasksOn(string workerAddress) => _held.TryAdd(workerAddress, 0);

    public bool Holds(string workerAddress) => _held.ContainsKey(workerAddress);

    public IReadOnlyDictionary<string, int> CallsByWorker(long instanceId) =>
        _calls.Where(c => c.Key.Instance == instanceId).ToDictionary(c => c.Key.Worker, c => c.Value);

    /// <summary>True the first time only: the flaky sub-task fails once per instance.</summary>
    public bool FailFirstTime(long instanceId) => _flakyFailures.AddOrUpdate(instanceId, 1, (_, n) => n + 1) == 1;

    public int FlakyRuns(long instanceId) => _flakyFailures.GetValueOrDefault(instanceId);

    public void Mapped(TaskContext context) => _mappers.TryAdd((context.InstanceId, context.WorkerAddress), 0);

    public IReadOnlyList<string> MappedOn(long instanceId) => _mappers.Keys.Where(k => k.Instance == instanceId).Select(k => k.Worker).ToList();

    public Task Canceled(long instanceId) => _canceled.GetOrAdd(instanceId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void MarkCanceled(long instanceId) =>
        _canceled.GetOrAdd(instanceId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

public static class TestProcessorRegistration
{
    public static IServiceCollection AddTestProcessors(this IServiceCollection services, ProcessorObservations observations) => services
        .AddSingleton(observations)
        .AddPowerJobProcessor<CountingBroadcastProcessor>("count-broadcast")
        .AddPowerJobProcessor<FlakySumProcessor>("flaky-sum")
        .AddPowerJobProcessor<SlowSumProcessor>("slow-sum")
        .AddPowerJobProcessor<ThrowingProcessor>("throws")
        .AddPowerJobProcessor<LoggingProcessor>("logs")
        .AddPowerJobProcessor<CountingProcessor>("count")
        .AddPowerJobProcessor<ObservedSleepProcessor>("observed-sleep")
        .AddPowerJobProcessor<WordsProcessor>("words");
}

public sealed class CountingBroadcastProcessor(ProcessorObservations observations) : IBroadcastProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        observations.Called(context);
        return Task.FromResult(ProcessResult.Ok(context.WorkerAddress));
    }
}

/// <summary><c>sum</c> whose sub-task starting at <see cref="FlakyFrom"/> throws on its first run; counts sub-tasks per worker.</summary>
public sealed class FlakySumProcessor(ProcessorObservations observations) : IMapReduceProcessor
{
    public const long FlakyFrom = 5_000_001;
    private readonly SumProcessor _sum = new();

    public Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        if (context.IsRootTask) return _sum.ProcessAsync(context);
        observations.Called(context);
        if (context.GetSubTask<SumProcessor.Chunk>()!.From == FlakyFrom && observations.FailFirstTime(context.InstanceId))
            throw new InvalidOperationException("flaky sub-task fails its first run");
        return _sum.ProcessAsync(context);
    }

    public Task<ProcessResult> ReduceAsync(TaskContext context, IReadOnlyList<TaskResult> results) => _sum.ReduceAsync(context, results);
}

/// <summary><c>sum</c> whose sub-tasks each take the job params' milliseconds, so a worker can be stopped while it holds some.</summary>
public sealed class SlowSumProcessor(ProcessorObservations observations) : IMapReduceProcessor
{
    private readonly SumProcessor _sum = new();

    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        if (context.IsRootTask) return await _sum.ProcessAsync(context);
        observations.Called(context);
        await Task.Delay(observations.Holds(context.WorkerAddress) ? Timeout.Infinite : int.Parse(context.JobParams ?? "0"), context.CancellationToken);
        return await _sum.ProcessAsync(context);
    }

    public Task<ProcessResult> ReduceAsync(TaskContext context, IReadOnlyList<TaskResult> results) => _sum.ReduceAsync(context, results);
}

public sealed class ThrowingProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context) => throw new InvalidOperationException("boom from the processor");
}

public sealed class LoggingProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        context.Log.Info($"hello from instance {context.InstanceId}");
        context.Log.Warn("careful");
        return Task.FromResult(ProcessResult.Ok());
    }
}

public sealed class CountingProcessor(ProcessorObservations observations) : IBasicProcessor
{
    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        observations.Called(context);
        await Task.Delay(200, context.CancellationToken);
        return ProcessResult.Ok("counted");
    }
}

/// <summary>The sample <c>sleep</c>, recording when its token stopped it.</summary>
public sealed class ObservedSleepProcessor(ProcessorObservations observations) : IBasicProcessor
{
    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        try
        {
            return await new SleepProcessor().ProcessAsync(context);
        }
        catch (OperationCanceledException)
        {
            observations.MarkCanceled(context.InstanceId);
            throw;
        }
    }
}

/// <summary>
/// MAP: the root maps the instance params' words, one per sub-task; the word "fail" fails; a word "split:a+b" maps
/// again, from whichever worker runs it, into "a" and "b".
/// </summary>
public sealed class WordsProcessor(ProcessorObservations observations) : IMapProcessor
{
    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        if (context.IsRootTask)
        {
            var words = (context.InstanceParams ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            await context.MapAsync(words, "word");
            return ProcessResult.Ok($"mapped {words.Length}");
        }
        observations.Called(context);
        var word = context.GetSubTask<string>()!;
        if (word.StartsWith("split:"))
        {
            observations.Mapped(context);
            await context.MapAsync(word["split:".Length..].Split('+'), "part");
            return ProcessResult.Ok("split");
        }
        return new ProcessResult(word != "fail", word.ToUpperInvariant());
    }
}
