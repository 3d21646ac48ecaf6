using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Hosting;

/// <summary>Creates or migrates the schema before anything else starts.</summary>
public sealed class StoreMigrationService(IPowerJobStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
