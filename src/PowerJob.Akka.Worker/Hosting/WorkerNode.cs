using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Worker.Connection;

namespace PowerJob.Akka.Worker.Hosting;

/// <summary>A worker running in its own generic host: the console node, the demo and tests.</summary>
public sealed class WorkerNode : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerNode(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<WorkerNode> StartAsync(WorkerOptions options, Action<IServiceCollection>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddPowerJobWorker(options);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        var log = host.Services.GetRequiredService<ILogger<WorkerNode>>();
        foreach (var warning in options.ConfigurationWarnings) log.LogWarning("{ConfigurationWarning}", warning);
        await host.StartAsync(cancellationToken);
        return new WorkerNode(host);
    }

    public async Task<WorkerHealth> HealthAsync(CancellationToken cancellationToken = default) =>
        await (await Services.GetRequiredService<IRequiredActor<ServerConnectionActor>>().GetAsync(cancellationToken))
            .Ask<WorkerHealth>(GetWorkerHealth.Instance, TimeSpan.FromSeconds(5), cancellationToken);

    public Task WaitForShutdownAsync() => _host.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
