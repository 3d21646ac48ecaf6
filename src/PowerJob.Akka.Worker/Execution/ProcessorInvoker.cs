using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>Resolves a task's processor in its own DI scope and calls the method its execute type and task name ask for.</summary>
internal static class ProcessorInvoker
{
    public static async Task<ProcessResult> RunAsync(IServiceProvider services, ProcessorCatalog catalog, TaskTrackerStartTaskReq task,
        TaskContext context, IReadOnlyList<TaskResult>? results)
    {
        var info = task.InstanceInfo;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var processor = catalog.Resolve(scope.ServiceProvider, info.ProcessorInfo, out var error);
            if (processor is null) return ProcessResult.Fail(error);
            ExecuteTypes.TryParse(info.ExecuteType, out var executeType);
            var call = (executeType, task.TaskName) switch
            {
                (ExecuteType.Broadcast, TaskContext.RootTaskName) => processor is IBroadcastProcessor b ? b.PreProcessAsync(context) : Task.FromResult(ProcessResult.Ok()),
                (ExecuteType.Broadcast, TaskContext.LastTaskName) => processor is IBroadcastProcessor b
                    ? b.PostProcessAsync(context, results ?? [])
                    : Task.FromResult(new ProcessResult((results ?? []).All(r => r.Success), string.Join(",", (results ?? []).Select(r => r.Result)))),
                (ExecuteType.MapReduce, TaskContext.LastTaskName) => processor is IMapReduceProcessor r
                    ? r.ReduceAsync(context, results ?? [])
                    : Task.FromResult(ProcessResult.Fail($"processor '{info.ProcessorInfo}' ({processor.GetType().Name}) is not an {nameof(IMapReduceProcessor)}; MAP_REDUCE jobs need one")),
                _ => processor.ProcessAsync(context),
            };
            return await call ?? ProcessResult.Fail($"processor '{info.ProcessorInfo}' returned no result");
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return ProcessResult.Fail("canceled: the instance was stopped or timed out");
        }
        catch (Exception e)
        {
            return ProcessResult.Fail($"{e.GetType().Name}: {e.Message}");
        }
    }

    public static string? Truncate(string? result, int maxLength) =>
        result is null || result.Length <= maxLength ? result : result[..maxLength] + "...";
}
