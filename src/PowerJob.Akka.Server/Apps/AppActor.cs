using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Alarms;
using PowerJob.Akka.Server.Auth;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Server.Retention;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Server.Workflows;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Apps;

/// <summary>
/// One app's entity in the servers' shard region: the app runs on the server where this actor runs, and nowhere
/// else decides it. On start it takes a new owner epoch for the app in the store (a compare-and-set), then starts its
/// children — the app's workers, its instances and its schedule — whose store writes are all fenced by that epoch.
/// Every call about the app reaches it through the region. A write refused for a stale epoch means another entity of
/// the app has started since (a partition, a slow shutdown): this one stops at once.
/// </summary>
public sealed class AppActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private sealed record Started(AppRecord? App, OwnerEpoch? Owner);
    private sealed class Retry { public static readonly Retry Instance = new(); }
    private sealed class ReloadApp { public static readonly ReloadApp Instance = new(); }
    private sealed record AppReloaded(AppRecord? App, WorkerHeartbeat? Heartbeat = null, IActorRef? ReplyTo = null);
    // A password change reaches the heartbeat check this soon at the latest; a refused proof re-reads it at once (at most this often).
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinReloadGap = TimeSpan.FromSeconds(2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _appId;
    private readonly AppEntitySettings _settings;
    private OwnerEpoch? _owner;
    private WorkerAuthentication _auth = null!;
    private DateTimeOffset _appReadAt;
    private bool _reloading;
    private IActorRef _workers = ActorRefs.Nobody;
    private IActorRef _instances = ActorRefs.Nobody;
    private IActorRef _schedule = ActorRefs.Nobody;
    private IActorRef _workflows = ActorRefs.Nobody;

    public AppActor(long appId, AppEntitySettings settings)
    {
        _appId = appId;
        _settings = settings;
        Starting();
    }

    public IStash Stash { get; set; } = null!;
    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(long appId, AppEntitySettings settings) =>
        global::Akka.Actor.Props.Create(() => new AppActor(appId, settings));

    protected override void PreStart() => Start();

    private void Start()
    {
        var store = _settings.Store;
        StartAsync().PipeTo(Self);

        async Task<Started> StartAsync()
        {
            var app = await store.FindAppAsync(_appId);
            return app is null ? new Started(null, null) : new Started(app, await store.TakeOwnerEpochAsync(_appId));
        }
    }

    private void Starting()
    {
        Receive<Started>(started =>
        {
            if (started is not { App: { } app, Owner: { } owner })
            {
                _log.Warning("app {0} is not in the store; its entity stops", _appId);
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
                Become(() => ReceiveAny(_ => { }));
                return;
            }
            _owner = owner;
            SetApp(app);
            _log.Info("app {0} (id {1}) runs on this server with owner epoch {2}", app.AppName, app.Id, owner.Epoch);
            var o = _settings.Options;
            Timers.StartPeriodicTimer("reload", ReloadApp.Instance, ReloadInterval);
            _workers = Context.ActorOf(AppWorkersActor.Props(_appId, _settings.Time, o.WorkerTimeout, o.MaxWorkersPerApp, _settings.Load), "workers");
            _instances = Context.ActorOf(InstanceManagerActor.Props(new InstanceManagerSettings(owner, app.AppName, _settings.Store,
                _settings.Time, _workers, _settings.ProtocolSelection(), _settings.ServerAddressFor, o.ReceiveTimeout, o.ReportTimeout,
                o.RetryDelay, o.WorkerGracePeriod, _auth, o.MaxActiveInstancesPerApp, _settings.Load)), "instances");
            _schedule = Context.ActorOf(AppSchedulerActor.Props(owner, app.AppName, _settings.Store, _settings.Time, _instances), "schedule");
            Context.ActorOf(AppAlarmActor.Props(_appId, app.AppName, new AlarmSettings(_settings.Store, _settings.AlarmSender?.Invoke() ?? ActorRefs.Nobody,
                _settings.AlarmHealth ?? new AlarmHealth(), ConsoleUrl)), "alarms");
            Context.ActorOf(InstanceCleanupActor.Props(_appId, RetentionSettings.From(o, _settings.Store, _settings.Time)), "cleanup");
            _workflows = Context.ActorOf(WorkflowManagerActor.Props(new WorkflowSettings(owner, app.AppName, _settings.Store, _settings.Time,
                _instances, o.ReportTimeout)), "workflows");
            Become(Running);
            Stash.UnstashAll();
        });
        Receive<Status.Failure>(failure =>
        {
            _log.Error(failure.Cause, "app {0}: could not take an owner epoch ({1}); trying again in 1 s", _appId, failure.Cause.Message);
            Timers.StartSingleTimer("retry", Retry.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<Retry>(_ => Start());
        Receive<AppHandOff>(_ => HandOff());
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        Receive<WakeApp>(_ => { });
        Receive<WhereIsApp>(_ => Sender.Tell(Location()));
        Receive<WorkerHeartbeat>(heartbeat => Heartbeat(heartbeat, Sender, reread: false));
        Receive<ReloadApp>(_ => Reload(null, null));
        Receive<AppReloaded>(reloaded =>
        {
            _reloading = false;
            if (reloaded.App is { } app) SetApp(app);
            if (reloaded is { Heartbeat: { } heartbeat, ReplyTo: { } replyTo }) Heartbeat(heartbeat, replyTo, reread: true);
        });
        Receive<GetAppWorkers>(get => _workers.Forward(get));
        Receive<JobChanged>(changed =>
        {
            _instances.Forward(changed);
            _schedule.Forward(changed);
        });
        Receive<RunJobRequest>(run => _instances.Forward(run));
        Receive<InstanceCommand>(command => _instances.Forward(command));
        Receive<WorkflowChanged>(changed => _workflows.Forward(changed));
        Receive<RunWorkflowRequest>(run => _workflows.Forward(run));
        Receive<WorkflowCommand>(command => _workflows.Forward(command));
        Receive<NodeInstanceFinished>(finished => _workflows.Forward(finished));
        Receive<WorkerQueryExecutorClusterReq>(query => _instances.Forward(query));
        Receive<AppInstanceReport>(report => _instances.Forward(report.Report));
        Receive<AppHandOff>(_ => HandOff());
        Receive<EpochLost>(lost =>
        {
            _log.Error("app {0}: {1}; this entity stops (another server runs the app now)", _appId, lost.Reason);
            Context.Stop(Self);
        });
    }

    /// <summary>
    /// This server is leaving and its shards move: the entity wakes itself on the other servers' regions before it
    /// stops, so its new home starts it as soon as the hand-over completes instead of at the next periodic wake-up.
    /// </summary>
    private void HandOff()
    {
        var cluster = global::Akka.Cluster.Cluster.Get(Context.System);
        foreach (var member in cluster.State.Members.Where(m => m.Status == global::Akka.Cluster.MemberStatus.Up
                                                                && m.HasRole(Cluster.ServerClusterSystem.Role) && m.Address != cluster.SelfAddress))
            Context.ActorSelection($"{member.Address}/system/sharding/{Cluster.ServerClusterSystem.AppRegionName}").Tell(new WakeApp(_appId));
        _log.Info("app {0}: handed over (this server is leaving)", _appId);
        Context.Stop(Self);
    }

    protected override void PostStop() => _settings.Load?.AppStopped(_appId);

    /// <summary>
    /// Registers the heartbeat's worker, or lists it as refused and answers why. A refused proof may come from a worker that
    /// already has a new password: the app is re-read once before refusing.
    /// </summary>
    private void Heartbeat(WorkerHeartbeat heartbeat, IActorRef replyTo, bool reread)
    {
        var (worker, unreadable) = WorkerHeartbeats.Read(heartbeat, _settings.Options.Version);
        if (worker is null)
        {
            replyTo.Tell(Location() with { Refusal = unreadable });
            return;
        }
        var now = _settings.Time.GetUtcNow();
        if (_auth.Refusal(heartbeat, now) is not { } refusal)
        {
            // The workers' registry answers: it may refuse a new address (its limit).
            _workers.Tell(new RegisterWorker(worker, Location(), replyTo));
            return;
        }
        if (!reread && heartbeat.Proof is not null && !_reloading && now - _appReadAt >= MinReloadGap)
        {
            Reload(heartbeat, replyTo);
            return;
        }
        _workers.Tell(new RefuseWorker(worker, refusal));
        replyTo.Tell(new HeartbeatReply(false, _settings.Options.Version, refusal));
    }

    private void Reload(WorkerHeartbeat? heartbeat, IActorRef? replyTo)
    {
        _reloading = true;
        _settings.Store.FindAppAsync(_appId).PipeTo(Self, success: app => new AppReloaded(app, heartbeat, replyTo),
            failure: _ => new AppReloaded(null, heartbeat, replyTo));
    }

    private void SetApp(AppRecord app)
    {
        _auth = new WorkerAuthentication(app, _settings.Options.Security.AllowUnauthenticatedWorkers);
        _appReadAt = _settings.Time.GetUtcNow();
    }

    private string ConsoleUrl() => _settings.Options.Alarm.ConsoleUrl ?? "http://" + _settings.Profile().WebAddress;

    private AppLocation Location()
    {
        var profile = _settings.Profile();
        return new AppLocation(_appId, _settings.Self, _owner!.Epoch, profile.WebAddress, profile.AkkaAddress, profile.HttpAddress);
    }
}

/// <summary>The shard's hand-off stop message: sent to the entity when this server leaves and its shard moves.</summary>
public sealed class AppHandOff
{
    public static readonly AppHandOff Instance = new();
    private AppHandOff() { }
}

/// <summary>Told to the entity by a child whose store write was refused for a stale owner epoch.</summary>
public sealed record EpochLost(string Reason);
