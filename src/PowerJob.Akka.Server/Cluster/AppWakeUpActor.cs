using Akka;
using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>
/// Keeps every app in the store running: at start and then periodically, sends each app's entity a
/// <see cref="WakeApp"/> through the shard region, which starts it wherever its shard lives. After a server is removed
/// from the cluster its shards move, and the next wake-up starts their entities on the new servers. (This replaces
/// remember-entities, which would need a persistence plugin; every server does it, so one server suffices.)
/// </summary>
public sealed class AppWakeUpActor : ReceiveActor, IWithTimers
{
    private sealed class Tick { public static readonly Tick Instance = new(); }
    private sealed record Listed(IReadOnlyList<AppRecord> Apps);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly TimeSpan _interval;

    public AppWakeUpActor(IPowerJobStore store, IActorRef region, TimeSpan interval)
    {
        _interval = interval;
        Receive<Tick>(_ => store.ListAppsAsync().PipeTo(Self, success: apps => new Listed(apps)));
        Receive<Listed>(listed => { foreach (var app in listed.Apps) region.Tell(new WakeApp(app.Id)); });
        Receive<Status.Failure>(f => _log.Warning("could not list the apps to wake: {0}", f.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IPowerJobStore store, IActorRef region, TimeSpan interval) =>
        global::Akka.Actor.Props.Create(() => new AppWakeUpActor(store, region, interval));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("wake", Tick.Instance, TimeSpan.Zero, _interval);
        // Stopped before the shard region hands its shards off at shutdown: a wake-up sent during the hand-off is dropped
        // by the region, with a warning.
        var self = Self;
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-app-wake-up",
            async () =>
            {
                await self.GracefulStop(StopTimeout).ConfigureAwait(false);
                return Done.Instance;
            });
    }
}
