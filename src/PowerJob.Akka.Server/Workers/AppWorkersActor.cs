using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.Workers;

/// <summary>
/// The workers of one app, from their heartbeats (a child of the app's entity); a worker silent past the timeout is
/// listed as not alive, one silent <see cref="ForgetAfterTimeouts"/> times as long is forgotten, and a new address
/// beyond <c>oms.worker.max-per-app</c> is refused, so a flood of fake addresses cannot grow the map without limit.
/// </summary>
public sealed class AppWorkersActor : ReceiveActor, IWithTimers
{
    public const int ForgetAfterTimeouts = 10;
    private sealed class Purge { public static readonly Purge Instance = new(); }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private const int MaxRefused = 100;
    private readonly Dictionary<string, WorkerInfo> _workers = new();
    private readonly Dictionary<string, WorkerInfo> _refused = new();
    private readonly long _appId;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly int _max;
    private readonly ServerLoad? _load;
    private long _refusedHeartbeats;

    public AppWorkersActor(long appId, TimeProvider time, TimeSpan timeout, int max = int.MaxValue, ServerLoad? load = null)
    {
        _appId = appId;
        _time = time;
        _timeout = timeout;
        _max = max;
        _load = load;
        Receive<RegisterWorker>(Handle);
        Receive<Purge>(_ => Forget());
        Receive<GetWorkers>(get => Sender.Tell(new WorkerList(_appId, Snapshot(), get.Tag)));
        Receive<RefuseWorker>(Handle);
        Receive<GetAppWorkers>(_ => Sender.Tell(new AppWorkers(_appId, Snapshot(), Refused())));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(long appId, TimeProvider time, TimeSpan timeout, int max = int.MaxValue, ServerLoad? load = null) =>
        global::Akka.Actor.Props.Create(() => new AppWorkersActor(appId, time, timeout, max, load));

    protected override void PreStart() => Timers.StartPeriodicTimer("purge", Purge.Instance, _timeout);

    private void Handle(RegisterWorker register)
    {
        var worker = register.Worker with { LastHeartbeat = _time.GetUtcNow() };
        if (!_workers.ContainsKey(worker.Address))
        {
            if (_workers.Count >= _max) Forget();
            if (_workers.Count >= _max)
            {
                var reason = $"app '{worker.AppName}' already has {_workers.Count} workers, the most one app may have " +
                             $"('{ServerOptions.MaxWorkersKey}' = {_max}); worker {worker.Address} is not registered";
                if (_refusedHeartbeats++ % 1000 == 0) _log.Warning("{0} (refused heartbeats so far: {1})", reason, _refusedHeartbeats);
                _load?.HeartbeatRefused();
                Reply(register, reason);
                return;
            }
            _log.Info("worker {0} of app {1} registered over {2} (version {3})", worker.Address, worker.AppName, worker.Protocol, worker.Version);
        }
        _workers[worker.Address] = worker;
        _load?.Workers(_appId, _workers.Count);
        Reply(register, null);
        _refused.Remove(worker.Address);
    }

    private static void Reply(RegisterWorker register, string? refusal)
    {
        if (register.Location is { } location) register.ReplyTo?.Tell(location with { Refusal = refusal });
    }

    /// <summary>Drops the workers silent far longer than the timeout: they are gone, and only make the map (and every snapshot) bigger.</summary>
    private void Forget()
    {
        var cutoff = _time.GetUtcNow() - _timeout * ForgetAfterTimeouts;
        var gone = _workers.Values.Where(w => w.LastHeartbeat < cutoff).Select(w => w.Address).ToList();
        foreach (var address in gone) _workers.Remove(address);
        if (gone.Count > 0) _log.Info("forgot {0} workers of app {1} silent for more than {2}", gone.Count, _appId, _timeout * ForgetAfterTimeouts);
        _load?.Workers(_appId, _workers.Count);
    }

    private void Handle(RefuseWorker refuse)
    {
        if (!_refused.ContainsKey(refuse.Worker.Address))
        {
            _log.Warning("refused worker {0} of app {1}: {2}", refuse.Worker.Address, refuse.Worker.AppName, refuse.Reason);
            if (_refused.Count >= MaxRefused) _refused.Remove(_refused.Values.MinBy(w => w.LastHeartbeat)!.Address);
        }
        _refused[refuse.Worker.Address] = refuse.Worker with { LastHeartbeat = _time.GetUtcNow(), Refusal = refuse.Reason };
    }

    private IReadOnlyList<WorkerInfo> Refused() => _refused.Values.OrderBy(w => w.Address, StringComparer.Ordinal).ToList();

    private IReadOnlyList<WorkerInfo> Snapshot()
    {
        var now = _time.GetUtcNow();
        return _workers.Values
            .Select(w => w with { Alive = now - w.LastHeartbeat <= _timeout })
            .OrderBy(w => w.Address, StringComparer.Ordinal)
            .ToList();
    }
}
