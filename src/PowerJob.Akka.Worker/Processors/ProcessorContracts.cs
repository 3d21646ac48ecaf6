namespace PowerJob.Akka.Worker.Processors;

/// <summary>The outcome of a task; <see cref="Message"/> becomes the task's (and, for the last task, the instance's) result.</summary>
public sealed record ProcessResult(bool Success, string? Message = null)
{
    public static ProcessResult Ok(string? message = null) => new(true, message);
    public static ProcessResult Fail(string? message) => new(false, message);
}

/// <summary>A finished task as post-process and reduce see it.</summary>
public sealed record TaskResult(string TaskId, string TaskName, bool Success, string? Result);

/// <summary>Runs one task. Registered by name with <c>services.AddPowerJobProcessor&lt;T&gt;("name")</c>, resolved per task.</summary>
public interface IBasicProcessor
{
    Task<ProcessResult> ProcessAsync(TaskContext context);
}

/// <summary>
/// BROADCAST: <see cref="PreProcessAsync"/> runs once on the task tracker's worker, <see cref="IBasicProcessor.ProcessAsync"/>
/// once on every worker, then <see cref="PostProcessAsync"/> on the task tracker's worker with every worker's result.
/// </summary>
public interface IBroadcastProcessor : IBasicProcessor
{
    Task<ProcessResult> PreProcessAsync(TaskContext context) => Task.FromResult(ProcessResult.Ok());

    /// <summary>By default the instance succeeds iff every worker's task did.</summary>
    Task<ProcessResult> PostProcessAsync(TaskContext context, IReadOnlyList<TaskResult> results) =>
        Task.FromResult(new ProcessResult(results.All(r => r.Success), $"{results.Count(r => r.Success)} of {results.Count} workers succeeded"));
}

/// <summary>
/// MAP: the root task (<see cref="TaskContext.IsRootTask"/>) splits the work with <see cref="TaskContext.MapAsync{T}"/>;
/// every sub-task comes back to <see cref="IBasicProcessor.ProcessAsync"/> on some worker of the app.
/// The instance succeeds iff no sub-task finally failed.
/// </summary>
public interface IMapProcessor : IBasicProcessor;

/// <summary>MAP_REDUCE: a map processor whose <see cref="ReduceAsync"/> runs on the task tracker's worker over every sub-task's result.</summary>
public interface IMapReduceProcessor : IMapProcessor
{
    Task<ProcessResult> ReduceAsync(TaskContext context, IReadOnlyList<TaskResult> results);
}

/// <summary>Logs of a running instance; the lines reach the server and show in the instance's log.</summary>
public interface IOmsLogger
{
    void Debug(string message);
    void Info(string message);
    void Warn(string message);
    void Error(string message);
    void Error(string message, Exception exception) => Error($"{message}: {exception}");
}
