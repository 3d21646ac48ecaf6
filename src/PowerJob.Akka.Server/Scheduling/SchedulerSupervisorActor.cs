using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Scheduling;

/// <summary>Runs one <see cref="AppSchedulerActor"/> per app this server owns, and routes job changes to it.</summary>
public sealed class SchedulerSupervisorActor : ReceiveActor
{
    private sealed record AppsLoaded(IReadOnlyList<AppRecord> Apps);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, (string Name, IActorRef Scheduler)> _schedulers = new();
    private readonly Dictionary<long, string> _apps = new();
    private readonly IPowerJobStore _store;
    private readonly TimeProvider _time;
    private readonly IActorRef _instances;
    private readonly Func<string, bool> _ownsApp;
    private int _generation;

    public SchedulerSupervisorActor(IPowerJobStore store, TimeProvider time, IActorRef instances, Func<string, bool> ownsApp)
    {
        _store = store;
        _time = time;
        _instances = instances;
        _ownsApp = ownsApp;
        Receive<AppsLoaded>(loaded =>
        {
            foreach (var app in loaded.Apps) _apps[app.Id] = app.AppName;
            Reconcile();
        });
        Receive<AppRegistered>(registered =>
        {
            _apps[registered.AppId] = registered.AppName;
            Reconcile();
        });
        Receive<OwnershipChanged>(_ => _store.ListAppsAsync().PipeTo(Self, success: apps => new AppsLoaded(apps)));
        Receive<JobChanged>(changed =>
        {
            if (_schedulers.TryGetValue(changed.AppId, out var entry)) entry.Scheduler.Forward(changed);
        });
        Receive<Status.Failure>(f => _log.Error(f.Cause, "schedulers: {0}", f.Cause.Message));
    }

    public static Props Props(IPowerJobStore store, TimeProvider time, IActorRef instances, Func<string, bool> ownsApp) =>
        global::Akka.Actor.Props.Create(() => new SchedulerSupervisorActor(store, time, instances, ownsApp));

    protected override void PreStart() => Self.Tell(OwnershipChanged.Instance);

    private void Reconcile()
    {
        foreach (var (appId, name) in _apps)
        {
            var owned = _ownsApp(name);
            if (owned && !_schedulers.ContainsKey(appId))
            {
                _schedulers[appId] = (name, Context.ActorOf(AppSchedulerActor.Props(appId, name, _store, _time, _instances), $"app-{appId}-{++_generation}"));
                _log.Info("scheduling app {0} (id {1}) on this server", name, appId);
            }
            else if (!owned && _schedulers.Remove(appId, out var entry))
            {
                Context.Stop(entry.Scheduler);
                _log.Info("app {0} (id {1}) is now scheduled by another server", name, appId);
            }
        }
    }
}
