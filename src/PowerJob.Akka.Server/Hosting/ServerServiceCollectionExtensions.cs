using Akka.Actor;
using PowerJob.Akka.Messages;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Hosting;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Discovery;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Server.Logs;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Scheduling;
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
        services.AddSingleton<StoreHealth>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreHealth>());
        services.AddSingleton<TransportReadiness>();
        services.AddSingleton<PortPlan>();
        services.AddSingleton(new HttpClient());
        services.AddSingleton<ServerTransportHost>();
        services.AddSingleton<OwnershipViewHolder>();
        services.AddSingleton<IAppOwnership, ClusterOwnership>();
        services.AddSingleton<ServerDiscovery>();
        services.AddSingleton<OpenApiServices>();
        services.AddSingleton<OwnerRouter>();
        services.AddSingleton<SchedulerBroadcast>();

        services.AddAkka(ServerClusterSystem.Name, (akka, sp) => akka
            .WithPowerJobDefaults(sp)
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
                var selection = system.ActorOf(ProtocolSelectionActor.Props(sp.GetRequiredService<ServerTransportHost>()), "protocol-selection");
                registry.Register<ProtocolSelectionActor>(selection);

                var store = sp.GetRequiredService<IPowerJobStore>();
                var ownership = sp.GetRequiredService<IAppOwnership>();
                var readiness = sp.GetRequiredService<TransportReadiness>();
                var instances = system.ActorOf(InstanceManagerActor.Props(new InstanceManagerSettings(store, time, workers, selection,
                    readiness.WorkerAddressFor,
                    ownership.IsOwnedHere, ownership.OwnerOf, options.ReceiveTimeout, options.ReportTimeout, options.RetryDelay, options.WorkerGracePeriod)), "instances");
                registry.Register<InstanceManagerActor>(instances);
                var schedulers = system.ActorOf(SchedulerSupervisorActor.Props(store, time, instances, ownership.IsOwnedHere), SchedulerBroadcast.SchedulersName);
                registry.Register<SchedulerSupervisorActor>(schedulers);
                var logs = system.ActorOf(InstanceLogWriterActor.Props(store), "instance-logs");

                var endpoint = system.ActorOf(ServerEndpointActor.Props(options.Version, new ServerHandlers(workers, instances, logs), ownership.IsOwnedHere), ServerEndpointActor.Name);
                registry.Register<ServerEndpointActor>(endpoint);
                var ports = sp.GetRequiredService<PortPlan>();
                PeerPong Profile() => new(options.Hostname, clusterPort, $"{options.Hostname}:{ports.WebPort}",
                    readiness.WorkerAddressFor(Protocol.Akka), readiness.WorkerAddressFor(Protocol.Http));
                registry.Register<ClusterPeerActor>(system.ActorOf(ClusterPeerActor.Props(Profile), ClusterPeerActor.Name));
                registry.Register<ClusterMembershipActor>(system.ActorOf(ClusterMembershipActor.Props(
                    sp.GetRequiredService<OwnershipViewHolder>(), Profile, [schedulers, instances]), "membership"));
            }));
        services.AddHostedService<ServerTransportService>();
        return services;
    }

}
