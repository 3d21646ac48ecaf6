using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Host.Samples;

/// <summary><c>echo</c>: the result is the job params immediately followed by the instance params (<c>$"{jobParams}{instanceParams}"</c>, a missing one as empty).</summary>
public sealed class EchoProcessor : IBasicProcessor
{
    public Task<ProcessResult> ProcessAsync(TaskContext context)
    {
        context.Log.Info($"echo: job params '{context.JobParams}', instance params '{context.InstanceParams}'");
        return Task.FromResult(ProcessResult.Ok($"{context.JobParams}{context.InstanceParams}"));
    }
}
