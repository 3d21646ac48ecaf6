using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Tests.Workflows;

/// <summary>Adds "&lt;job params&gt;" = "by-&lt;job params&gt;" to the workflow context, then pauses 1.5 s.</summary>
public sealed class ContextWriterProcessor : IBasicProcessor
{
    public async Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        context.AppendData2WfContext(context.JobParams!, $"by-{context.JobParams}");
        await Task.Delay(1500, context.CancellationToken);
        return ProcessResult.Ok($"wrote {context.JobParams}");
    }
}

/// <summary>Returns the workflow context it saw, keys sorted: "k=v;k=v".</summary>
public sealed class ContextReaderProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context) =>
        Task.FromResult(ProcessResult.Ok(string.Join(";", context.WorkflowContext.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))));
}

/// <summary>Fails the first run with given job params, succeeds after (a workflow retry runs a new instance).</summary>
public sealed class FailsOnceProcessor : IBasicProcessor
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Runs = new();

    public Task<ProcessResult> ProcessAsync(TaskContext context) =>
        Task.FromResult(Runs.AddOrUpdate(context.JobParams ?? "", 1, (_, n) => n + 1) == 1
            ? ProcessResult.Fail("first run fails on purpose")
            : ProcessResult.Ok("later runs succeed"));
}

/// <summary>Always fails.</summary>
public sealed class AlwaysFailsProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context) => Task.FromResult(ProcessResult.Fail("fails on purpose"));
}

/// <summary>Appends a value longer than a task may append.</summary>
public sealed class ContextFloodProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        context.AppendData2WfContext("flood", new string('x', TaskContext.MaxAppendedLength + 1));
        return Task.FromResult(ProcessResult.Ok());
    }
}

public static class WorkflowTestProcessorRegistration
{
    public static IServiceCollection AddWorkflowTestProcessors(this IServiceCollection services) => services
        .AddPowerJobProcessor<ContextWriterProcessor>("wf-write")
        .AddPowerJobProcessor<ContextReaderProcessor>("wf-read")
        .AddPowerJobProcessor<AlwaysFailsProcessor>("always-fails")
        .AddPowerJobProcessor<FailsOnceProcessor>("wf-fails-once")
        .AddPowerJobProcessor<ContextFloodProcessor>("wf-flood");
}
