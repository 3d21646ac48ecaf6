using Akka.Actor;
using Akka.Event;

namespace PowerJob.Akka.Server.Workers;

/// <summary>Keeps the workers of every app from their heartbeats; a worker silent past the timeout is listed as not alive.</summary>
public sealed class WorkerRegistryActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, Dictionary<string, WorkerInfo>> _apps = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public WorkerRegistryActor(TimeProvider time, TimeSpan timeout)
    {
        _time = time;
        _timeout = timeout;
        Receive<RegisterWorker>(Handle);
        Receive<GetWorkers>(get => Sender.Tell(new WorkerList(get.AppId, Snapshot(get.AppId), get.Tag)));
    }

    public static Props Props(TimeProvider time, TimeSpan timeout) =>
        global::Akka.Actor.Props.Create(() => new WorkerRegistryActor(time, timeout));

    private void Handle(RegisterWorker register)
    {
        var worker = register.Worker with { LastHeartbeat = _time.GetUtcNow() };
        if (!_apps.TryGetValue(worker.AppId, out var workers)) _apps[worker.AppId] = workers = new();
        if (!workers.ContainsKey(worker.Address))
            _log.Info("worker {0} of app {1} registered over {2} (version {3})", worker.Address, worker.AppName, worker.Protocol, worker.Version);
        workers[worker.Address] = worker;
    }

    private IReadOnlyList<WorkerInfo> Snapshot(long appId)
    {
        if (!_apps.TryGetValue(appId, out var workers)) return [];
        var now = _time.GetUtcNow();
        return workers.Values
            .Select(w => w with { Alive = now - w.LastHeartbeat <= _timeout })
            .OrderBy(w => w.Address, StringComparer.Ordinal)
            .ToList();
    }
}
