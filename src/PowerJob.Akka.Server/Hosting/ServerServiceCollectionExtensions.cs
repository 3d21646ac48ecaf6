using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Hosting;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Alarms;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Server.Auth;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Discovery;
using PowerJob.Akka.Server.Logs;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Transport;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Hosting;

public static class ServerServiceCollectionExtensions
{
    /// <summary>How often each server wakes the entity of every app in the store (see <see cref="AppWakeUpActor"/>).</summary>
    public static readonly TimeSpan WakeUpInterval = TimeSpan.FromSeconds(3);

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
        services.AddSingleton<AppRegion>();
        services.AddSingleton<ServerDiscovery>();
        services.AddSingleton<OpenApiServices>();
        services.AddSingleton<AlarmHealth>();
        services.AddSingleton<AppCredentials>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AppCache>();
        services.AddSingleton<AppRegistration>();
        services.AddSingleton(new ServerLoad(options.MaxActiveInstancesPerApp, options.MaxWorkersPerApp, options.MaxPendingLogLines));

        services.AddAkka(ServerClusterSystem.Name, (akka, sp) => akka
            .WithPowerJobDefaults(sp)
            .WithPowerJobCluster(options)
            .WithShardRegion<AppActor>(ServerClusterSystem.AppRegionName,
                (system, registry, _) => entityId => AppActor.Props(long.Parse(entityId, System.Globalization.CultureInfo.InvariantCulture),
                    EntitySettings(sp, system, registry, options)),
                new AppMessageExtractor(),
                new ShardOptions
                {
                    Role = ServerClusterSystem.Role,
                    RememberEntities = false,
                    ShouldPassivateIdleEntities = false,
                    StateStoreMode = StateStoreMode.DData,
                    HandOffStopMessage = AppHandOff.Instance,
                })
            .WithActors((system, registry, _) =>
            {
                var cluster = global::Akka.Cluster.Cluster.Get(system);
                if (options.SeedNodes.Count == 0) cluster.Join(cluster.SelfAddress);
                sp.GetRequiredService<PortPlan>().ClusterPort = cluster.SelfAddress.Port ?? options.ClusterPort;

                var selection = system.ActorOf(ProtocolSelectionActor.Props(sp.GetRequiredService<ServerTransportHost>()), "protocol-selection");
                registry.Register<ProtocolSelectionActor>(selection);
                var store = sp.GetRequiredService<IPowerJobStore>();
                var apps = registry.Get<AppActor>();
                var logs = system.ActorOf(InstanceLogWriterActor.Props(store, options.MaxPendingLogLines, sp.GetRequiredService<ServerLoad>(),
                    options.Security.AllowUnauthenticatedWorkers, sp.GetRequiredService<TimeProvider>()), "instance-logs");
                var endpoint = system.ActorOf(ServerEndpointActor.Props(options.Version,
                    new ServerHandlers(apps, logs, store, cluster.SelfAddress.ToString()), options.Security.MaxResultLength), ServerEndpointActor.Name);
                registry.Register<ServerEndpointActor>(endpoint);
                registry.Register<ClusterPeerActor>(system.ActorOf(ClusterPeerActor.Props(() => Profile(sp, system, options)), ClusterPeerActor.Name));
                registry.Register<AlarmSenderActor>(system.ActorOf(AlarmSenderActor.Props(
                    new AlarmChannels(sp.GetRequiredService<HttpClient>(), options.Alarm), options.Alarm,
                    sp.GetRequiredService<AlarmHealth>(), sp.GetRequiredService<TimeProvider>()), "alarm-sender"));
                system.ActorOf(AppWakeUpActor.Props(store, apps, WakeUpInterval), "wake-up");
            }));
        services.AddHostedService<ServerTransportService>();
        return services;
    }

    private static AppEntitySettings EntitySettings(IServiceProvider sp, ActorSystem system, IActorRegistry registry, ServerOptions options)
    {
        var readiness = sp.GetRequiredService<TransportReadiness>();
        return new AppEntitySettings(sp.GetRequiredService<IPowerJobStore>(), sp.GetRequiredService<TimeProvider>(), options,
            registry.Get<ProtocolSelectionActor>, readiness.WorkerAddressFor, () => Profile(sp, system, options),
            global::Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), registry.Get<AlarmSenderActor>,
            sp.GetRequiredService<AlarmHealth>(), sp.GetRequiredService<ServerLoad>());
    }

    /// <summary>This server's profile: cluster port, web address and worker-facing addresses (once the transports are up).</summary>
    private static PeerPong Profile(IServiceProvider sp, ActorSystem system, ServerOptions options)
    {
        var readiness = sp.GetRequiredService<TransportReadiness>();
        var ports = sp.GetRequiredService<PortPlan>();
        return new PeerPong(options.Hostname, global::Akka.Cluster.Cluster.Get(system).SelfAddress.Port ?? options.ClusterPort,
            $"{options.Hostname}:{ports.WebPort}", readiness.WorkerAddressFor(Protocol.Akka), readiness.WorkerAddressFor(Protocol.Http));
    }
}
