using Akka.Hosting;
using Akka.Remote.Hosting;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Hosting;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Execution;
using PowerJob.Akka.Worker.Logging;
using PowerJob.Akka.Worker.Processors;
using PowerJob.Akka.Worker.Transport;

namespace PowerJob.Akka.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds a PowerJob.Akka worker to the host: the <c>powerjob-worker</c> actor system, its port for the configured
    /// protocol, discovery and heartbeats, and the runtime that runs the processors registered with
    /// <see cref="ProcessorServiceCollectionExtensions.AddPowerJobProcessor{TProcessor}"/>.
    /// Throws <see cref="InvalidConfigurationException"/> for invalid options.
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
        services.AddSingleton<ProcessorCatalog>();
        services.AddSingleton(sp => new WorkerPeers(options, sp.GetRequiredService<TransportReadiness>(), sp.GetRequiredService<ActorRegistry>()));
        services.AddSingleton(sp =>
        {
            var handlers = new WorkerHandlers();
            handlers.Add<WorkerEndpointActor>(WorkerRoots.Worker, sp);
            handlers.Add<WorkerEndpointActor>(WorkerRoots.TaskTracker, sp);
            handlers.Add<ProcessorTrackerActor>(WorkerRoots.ProcessorTracker, sp);
            return handlers;
        });

        services.AddAkka(RemoteTarget.WorkerSystemName, (akka, sp) =>
        {
            akka.WithPowerJobDefaults(sp);
            if (options.Protocol == Protocol.Akka)
                akka.WithRemoting(options.BindHostname, options.Port, options.Hostname)
                    .AddHocon("akka.remote.log-remote-lifecycle-events = off", HoconAddMode.Prepend)
                    .AddHocon(AkkaRemoteConfig.UntrustedHocon, HoconAddMode.Prepend);
            akka.WithActors((system, registry, _) =>
            {
                var selection = system.ActorOf(ProtocolSelectionActor.Props(sp.GetRequiredService<WorkerTransportHost>()), "protocol-selection");
                registry.Register<ProtocolSelectionActor>(selection);
                var connection = system.ActorOf(ServerConnectionActor.Props(options, sp.GetRequiredService<ServerDiscoveryClient>(),
                    selection, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ProcessorCatalog>().Names), "server-connection");
                registry.Register<ServerConnectionActor>(connection);
                StartRuntime(system, registry, sp, options, selection, connection);
            });
        });
        services.AddHostedService<WorkerTransportService>();
        return services;
    }

    /// <summary>Same as <see cref="AddPowerJobWorker(IServiceCollection, WorkerOptions)"/>, with options built in code.</summary>
    public static IServiceCollection AddPowerJobWorker(this IServiceCollection services, Func<WorkerOptions, WorkerOptions> configure) =>
        services.AddPowerJobWorker(configure(new WorkerOptions()));

    // The handler roots' own names (worker, taskTracker, processorTracker) belong to the AKKA transport's forwarders.
    private static void StartRuntime(global::Akka.Actor.ActorSystem system, IActorRegistry registry, IServiceProvider sp, WorkerOptions options,
        global::Akka.Actor.IActorRef selection, global::Akka.Actor.IActorRef connection)
    {
        var time = sp.GetRequiredService<TimeProvider>();
        var peers = sp.GetRequiredService<WorkerPeers>();
        var logs = system.ActorOf(InstanceLogActor.Props(connection, selection), "instance-logs");
        var processorTracker = system.ActorOf(ProcessorTrackerActor.Props(options, peers, sp.GetRequiredService<ProcessorCatalog>(), sp, logs, time),
            "processor-tracker");
        registry.Register<ProcessorTrackerActor>(processorTracker);
        var endpoint = system.ActorOf(WorkerEndpointActor.Props(options, peers, connection, processorTracker, time), "worker-endpoint");
        registry.Register<WorkerEndpointActor>(endpoint);
    }
}
