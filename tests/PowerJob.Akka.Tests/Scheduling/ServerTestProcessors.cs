using System.Collections.Concurrent;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>Sleeps the job params in milliseconds (scheduled jobs have no instance params), honouring stop.</summary>
public sealed class PauseProcessor : IBasicProcessor
{
    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        await Task.Delay(int.Parse(context.JobParams ?? "0"), context.CancellationToken);
        return ProcessResult.Ok($"paused {context.JobParams} ms on {context.WorkerAddress}");
    }
}

/// <summary>Fails the first run of every instance, succeeds on the retry.</summary>
public sealed class FailsFirstRunProcessor(FailsFirstRunProcessor.Runs runs) : IBasicProcessor
{
    /// <summary>Runs per instance, one count per worker host: instance ids of different tests' stores overlap.</summary>
    public sealed class Runs
    {
        internal ConcurrentDictionary<long, int> PerInstance { get; } = new();
    }

    public Task<ProcessResult> ProcessAsync(TaskContext context) =>
        Task.FromResult(runs.PerInstance.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1) == 1
            ? ProcessResult.Fail("first run fails on purpose")
            : ProcessResult.Ok("second run succeeds"));
}

/// <summary>Fails every run (for retry and alarm specs, which register it themselves: other specs list the processors offered).</summary>
public sealed class AlwaysFailsProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context) => Task.FromResult(ProcessResult.Fail("fails on purpose"));
}

/// <summary>Writes three log lines through the context's logger.</summary>
public sealed class ChattyProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        context.Log.Info("starting");
        context.Log.Warn($"params are {context.InstanceParams}");
        context.Log.Error("finishing");
        return Task.FromResult(ProcessResult.Ok("chatted"));
    }
}

public static class ServerTestProcessorRegistration
{
    public static IServiceCollection AddServerTestProcessors(this IServiceCollection services) => services
        .AddPowerJobProcessor<PauseProcessor>("pause")
        .AddSingleton<FailsFirstRunProcessor.Runs>()
        .AddPowerJobProcessor<FailsFirstRunProcessor>("fails-first-run")
        .AddPowerJobProcessor<ChattyProcessor>("chatty");
}
