using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Host.Samples;

/// <summary><c>sleep</c>: sleeps for the instance params in milliseconds; a stop or timeout cuts the sleep short.</summary>
public sealed class SleepProcessor : IBasicProcessor
{
    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        if (!int.TryParse(context.InstanceParams?.Trim(), out var milliseconds) || milliseconds < 0)
            return ProcessResult.Fail($"instance params must be a sleep time in milliseconds, got '{context.InstanceParams}'");
        await Task.Delay(milliseconds, context.CancellationToken);
        return ProcessResult.Ok($"slept {milliseconds} ms");
    }
}
