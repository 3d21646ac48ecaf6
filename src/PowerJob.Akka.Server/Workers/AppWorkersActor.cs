using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Workers;

/// <summary>The workers of one app, from their heartbeats (a child of the app's entity); a worker silent past the timeout is listed as not alive.</summary>
public sealed class AppWorkersActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private const int MaxRefused = 100;
    private readonly Dictionary<string, WorkerInfo> _workers = new();
    private readonly Dictionary<string, WorkerInfo> _refused = new();
    private readonly long _appId;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public AppWorkersActor(long appId, TimeProvider time, TimeSpan timeout)
    {
        _appId = appId;
        _time = time;
        _timeout = timeout;
        Receive<RegisterWorker>(Handle);
        Receive<GetWorkers>(get => Sender.Tell(new WorkerList(_appId, Snapshot(), get.Tag)));
        Receive<RefuseWorker>(Handle);
        Receive<GetAppWorkers>(_ => Sender.Tell(new AppWorkers(_appId, Snapshot(), Refused())));
    }

    public static Props Props(long appId, TimeProvider time, TimeSpan timeout) =>
        global::Akka.Actor.Props.Create(() => new AppWorkersActor(appId, time, timeout));

    private void Handle(RegisterWorker register)
    {
        var worker = register.Worker with { LastHeartbeat = _time.GetUtcNow() };
        if (!_workers.ContainsKey(worker.Address))
            _log.Info("worker {0} of app {1} registered over {2} (version {3})", worker.Address, worker.AppName, worker.Protocol, worker.Version);
        _workers[worker.Address] = worker;
        _refused.Remove(worker.Address);
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
