using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Discovery;
using PowerJob.Akka.Server.Transport;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Hosting;

public static class ServerServiceCollectionExtensions
{
    public static IServiceCollection AddPowerJobServer(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StoreFactory.Create(options.StorageProvider, options.ConnectionString));
        services.AddHostedService<StoreMigrationService>();
        services.AddSingleton<TransportReadiness>();
        services.AddSingleton<PortPlan>();
        services.AddSingleton(new HttpClient());
        services.AddSingleton<ServerTransportHost>();
        services.AddSingleton<IAppOwnership, SingleServerOwnership>();
        services.AddSingleton<ServerDiscovery>();

        services.AddAkka(ServerClusterSystem.Name, (akka, sp) => akka
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = global::Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithPowerJobCluster(options)
            .WithActors((system, registry, _) =>
            {
                var cluster = global::Akka.Cluster.Cluster.Get(system);
                if (options.SeedNodes.Count == 0) cluster.Join(cluster.SelfAddress);
                var clusterPort = cluster.SelfAddress.Port ?? options.ClusterPort;
                sp.GetRequiredService<PortPlan>().ClusterPort = clusterPort;

                var time = sp.GetRequiredService<TimeProvider>();
                var workers = system.ActorOf(WorkerRegistryActor.Props(time, options.WorkerTimeout), "workers");
                registry.Register<WorkerRegistryActor>(workers);
                var endpoint = system.ActorOf(ServerEndpointActor.Props(options.Version, new ServerHandlers(workers)), "server-endpoint");
                registry.Register<ServerEndpointActor>(endpoint);
                var selection = system.ActorOf(ProtocolSelectionActor.Props(sp.GetRequiredService<ServerTransportHost>()), "protocol-selection");
                registry.Register<ProtocolSelectionActor>(selection);
                registry.Register<ClusterPeerActor>(system.ActorOf(ClusterPeerActor.Props(options.Hostname, clusterPort), ClusterPeerActor.Name));
            }));
        services.AddHostedService<ServerTransportService>();
        return services;
    }
}
