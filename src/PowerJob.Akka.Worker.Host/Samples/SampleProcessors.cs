using Microsoft.Extensions.DependencyInjection;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Host.Samples;

public static class SampleProcessors
{
    /// <summary>Registers the sample processors scripts and the README rely on: <c>echo</c>, <c>sleep</c>, <c>sum</c>, <c>whoami</c>.</summary>
    public static IServiceCollection AddSampleProcessors(this IServiceCollection services) => services
        .AddPowerJobProcessor<EchoProcessor>("echo")
        .AddPowerJobProcessor<SleepProcessor>("sleep")
        .AddPowerJobProcessor<SumProcessor>("sum")
        .AddPowerJobProcessor<WhoAmIProcessor>("whoami");
}
