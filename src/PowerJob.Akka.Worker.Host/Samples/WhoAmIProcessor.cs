using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Host.Samples;

/// <summary><c>whoami</c> (BROADCAST): every worker returns its address; post-process joins them, sorted, with ",".</summary>
public sealed class WhoAmIProcessor : IBroadcastProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context) => Task.FromResult(ProcessResult.Ok(context.WorkerAddress));

    public Task<ProcessResult> PostProcessAsync(TaskContext context, IReadOnlyList<TaskResult> results)
    {
        var failed = results.Where(r => !r.Success).Select(r => r.Result).ToList();
        if (failed.Count > 0) return Task.FromResult(ProcessResult.Fail($"{failed.Count} worker(s) failed: {string.Join("; ", failed)}"));
        return Task.FromResult(ProcessResult.Ok(string.Join(",", results.Select(r => r.Result).Order(StringComparer.Ordinal))));
    }
}
