using Akka.Hosting;
using Akka.Remote.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Transport;

namespace PowerJob.Akka.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds a PowerJob.Akka worker to the host: the <c>powerjob-worker</c> actor system, its port for the configured
    /// protocol, discovery and heartbeats. Throws <see cref="InvalidConfigurationException"/> for invalid options.
    /// </summary>
    public static IServiceCollection AddPowerJobWorker(this IServiceCollection services, WorkerOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new HttpClient { Timeout = TimeSpan.FromSeconds(5) });
        services.AddSingleton<ServerDiscoveryClient>();
        services.AddSingleton<WorkerTransportHost>();
        services.AddSingleton<TransportReadiness>();
        services.AddSingleton<WorkerHandlers>();

        services.AddAkka(RemoteTarget.WorkerSystemName, (akka, sp) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = global::Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            if (options.Protocol == Protocol.Akka) akka.WithRemoting(options.BindHostname, options.Port, options.Hostname);
            akka.WithCustomSerializer("powerjob-wire", [typeof(IPowerJobWire)], system => new PowerJobWireSerializer(system));
            akka.WithActors((system, registry, _) =>
            {
                var selection = system.ActorOf(ProtocolSelectionActor.Props(sp.GetRequiredService<WorkerTransportHost>()), "protocol-selection");
                registry.Register<ProtocolSelectionActor>(selection);
                var connection = system.ActorOf(ServerConnectionActor.Props(options, sp.GetRequiredService<ServerDiscoveryClient>(),
                    selection, sp.GetRequiredService<TimeProvider>()), "server-connection");
                registry.Register<ServerConnectionActor>(connection);
            });
        });
        services.AddHostedService<WorkerTransportService>();
        return services;
    }
}
