using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Auth;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Worker.Connection;

/// <summary>
/// Finds the server that owns this worker's app and keeps heartbeating to it. Discovery failures (no server up yet,
/// protocol or version refused) are logged as errors, kept in <see cref="WorkerHealth"/> and retried with backoff;
/// the worker never exits for lack of a server. Re-discovers periodically to follow app ownership.
/// </summary>
public sealed class ServerConnectionActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private sealed class DiscoverTick { public static readonly DiscoverTick Instance = new(); }
    private sealed class HeartbeatTick { public static readonly HeartbeatTick Instance = new(); }
    private const string DiscoverTimer = "discover";
    private const string HeartbeatTimer = "heartbeat";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RediscoverInterval = TimeSpan.FromSeconds(15);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WorkerOptions _options;
    private readonly ServerDiscoveryClient _discovery;
    private readonly IActorRef _selection;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _processors;
    private string _workerAddress = "";
    private Discovered? _server;
    private RemoteTarget? _target;
    private bool _ready;
    private bool _discovering;
    private string? _lastError = "starting";
    private string? _versionWarning;
    private int _failures;

    public ServerConnectionActor(WorkerOptions options, ServerDiscoveryClient discovery, IActorRef selection, TimeProvider time,
        IReadOnlyList<string> processors)
    {
        _processors = processors;
        _options = options;
        _discovery = discovery;
        _selection = selection;
        _time = time;
        Receive<TransportsStarted>(started =>
        {
            _workerAddress = $"{_options.Hostname}:{started.Endpoints[0].Port}";
            Become(Discovering);
            Self.Tell(DiscoverTick.Instance);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    public static Props Props(WorkerOptions options, ServerDiscoveryClient discovery, IActorRef selection, TimeProvider time,
        IReadOnlyList<string> processors) =>
        global::Akka.Actor.Props.Create(() => new ServerConnectionActor(options, discovery, selection, time, processors));

    private void Discovering()
    {
        CommonHandlers();
        Receive<Discovered>(found =>
        {
            _discovering = false;
            Connect(found);
        });
        Receive<DiscoveryFailed>(failed =>
        {
            _discovering = false;
            Fail($"no server accepted this worker: {failed.Reason}");
            Timers.StartSingleTimer(DiscoverTimer, DiscoverTick.Instance, Backoff());
        });
    }

    private void Connected()
    {
        CommonHandlers();
        Receive<HeartbeatTick>(_ => _selection.Ask<object>(new AskRemote(_target!, SignedHeartbeat(), TimeSpan.FromSeconds(5)))
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : new Status.Failure(t.Exception!.GetBaseException()))
            .PipeTo(Self));
        Receive<HeartbeatReply>(reply =>
        {
            if (reply.Accepted)
            {
                if (!_ready) _log.Info("worker {0} of app {1} connected to server {2} over {3}", _workerAddress, _options.AppName, _target, _options.Protocol.Name());
                _ready = true;
                _failures = 0;
                _lastError = null;
                _versionWarning = reply.Message ?? ServerDiscoveryClient.CompareVersions(reply.ServerVersion, _options.Version);
                if (_versionWarning is not null) _log.Warning("{0}", _versionWarning);
                return;
            }
            Fail($"server {_target} refused the heartbeat: {reply.Message}");
            Rediscover();
        });
        Receive<Status.Failure>(failure =>
        {
            Fail($"heartbeat to {_target} failed: {failure.Cause.Message}");
            if (_failures >= 2) Rediscover();
        });
        Receive<Discovered>(found =>
        {
            _discovering = false;
            if (found.ServerAddress != _server?.ServerAddress) Connect(found);
        });
        Receive<DiscoveryFailed>(_ => _discovering = false);
    }

    private void CommonHandlers()
    {
        Receive<DiscoverTick>(_ => StartDiscovery());
        Receive<GetWorkerHealth>(_ => Sender.Tell(new WorkerHealth(_ready, _workerAddress, _server?.AppId, _server?.ServerWebAddress,
            _server?.ServerAddress, _server?.ServerVersion, _lastError, _versionWarning, _failures)));
        Receive<GetCurrentServer>(_ => Sender.Tell(new CurrentServer(_ready ? _target : null, _server?.AppId, _workerAddress)));
    }

    private void StartDiscovery()
    {
        if (_discovering) return;
        _discovering = true;
        var order = _options.ServerAddresses.OrderBy(a => a == _server?.ServerWebAddress ? 0 : 1).ToList();
        _discovery.DiscoverAsync(order, CancellationToken.None).PipeTo(Self);
    }

    private void Connect(Discovered found)
    {
        _server = found;
        _target = new RemoteTarget(_options.Protocol, found.ServerAddress, NodeRole.Server);
        _log.Info("app {0} (id {1}) is served by {2}; heartbeats every {3}", _options.AppName, found.AppId, _target, _options.HealthReportInterval);
        Become(Connected);
        Timers.StartPeriodicTimer(HeartbeatTimer, HeartbeatTick.Instance, TimeSpan.Zero, _options.HealthReportInterval);
        Timers.StartPeriodicTimer(DiscoverTimer, DiscoverTick.Instance, RediscoverInterval, RediscoverInterval);
    }

    private void Rediscover()
    {
        _ready = false;
        Timers.Cancel(HeartbeatTimer);
        Become(Discovering);
        Timers.StartSingleTimer(DiscoverTimer, DiscoverTick.Instance, Backoff());
    }

    private void Fail(string reason)
    {
        _failures++;
        _lastError = reason;
        _log.Error("worker {0} of app {1} is not ready: {2}", _workerAddress, _options.AppName, reason);
    }

    private TimeSpan Backoff() =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(_failures, 8))));

    private WorkerHeartbeat SignedHeartbeat() => _server!.WorkerKey is { } key ? BuildHeartbeat().Signed(key) : BuildHeartbeat();

    private WorkerHeartbeat BuildHeartbeat() => new()
    {
        WorkerAddress = _workerAddress,
        AppName = _options.AppName,
        AppId = _server!.AppId,
        HeartbeatTime = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        Version = _options.Version,
        Protocol = _options.Protocol.Name(),
        Tag = _options.Tag,
        Client = WorkerHeartbeat.PowerJobAkkaRuntime,
        Runtime = WorkerHeartbeat.PowerJobAkkaRuntime,
        SystemMetrics = WorkerMetrics.Sample(),
        Processors = _processors,
    };
}
