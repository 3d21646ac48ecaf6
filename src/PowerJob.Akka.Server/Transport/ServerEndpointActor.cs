using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Transport;

/// <summary>
/// The <c>server</c> handler root: every message a worker sends to the server arrives here, whichever protocol
/// carried it. Heartbeats, instance reports and job-cluster queries go on to the app's entity through the shard
/// region (over the cluster port when it runs on another server); log lines are stored here.
/// </summary>
public sealed class ServerEndpointActor : ReceiveActor
{
    private sealed record Resolved(long InstanceId, long? AppId, string? Error = null);

    public const string Name = "server-endpoint";
    private const int CachedInstances = 10_000;
    // Instances whose app is being read from the store at once; beyond it a report is answered "report again" (the worker keeps it).
    private const int MaxResolving = 10_000;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, long> _appOfInstance = new();
    // Reports waiting for their instance's app to be read from the store, in arrival order (a RUNNING must not overtake a SUCCEED).
    private readonly Dictionary<long, List<(TaskTrackerReportInstanceStatusReq Report, IActorRef ReplyTo)>> _resolving = new();
    private readonly string _serverVersion;
    private readonly ServerHandlers _handlers;
    private readonly int _maxResultLength;

    public ServerEndpointActor(string serverVersion, ServerHandlers handlers, int maxResultLength)
    {
        _serverVersion = serverVersion;
        _handlers = handlers;
        _maxResultLength = maxResultLength;
        Receive<WorkerHeartbeat>(HandleHeartbeat);
        Receive<TaskTrackerReportInstanceStatusReq>(report => HandleReport(Bounded(report)));
        Receive<Resolved>(HandleResolved);
        Receive<WorkerLogReportReq>(report => _handlers.Logs.Forward(report));
        Receive<WorkerQueryExecutorClusterReq>(query => AskApp(query, Sender,
            $"app {query.AppId} has no running entity right now; query again shortly"));
    }

    public static Props Props(string serverVersion, ServerHandlers handlers, int maxResultLength = int.MaxValue) =>
        global::Akka.Actor.Props.Create(() => new ServerEndpointActor(serverVersion, handlers, maxResultLength));

    /// <summary>A result longer than the server keeps is cut here, once, whichever protocol carried it.</summary>
    private TaskTrackerReportInstanceStatusReq Bounded(TaskTrackerReportInstanceStatusReq report) =>
        report.Result is { } result && result.Length > _maxResultLength
            ? report with
            {
                Result = result[.._maxResultLength] +
                         $"... (cut: the result had {result.Length} characters, more than '{SecurityOptions.MaxResultKey}' = {_maxResultLength})",
            }
            : report;

    private void HandleHeartbeat(WorkerHeartbeat heartbeat)
    {
        var (worker, refusal) = WorkerHeartbeats.Read(heartbeat, _serverVersion);
        if (worker is null)
        {
            _log.Error("refused heartbeat of worker {0} (app {1}): {2}", heartbeat.WorkerAddress, heartbeat.AppName, refusal);
            Sender.Tell(new HeartbeatReply(false, _serverVersion, refusal));
            return;
        }
        if (worker.VersionWarning is { } warning) _log.Warning("worker {0} of app {1}: {2}", heartbeat.WorkerAddress, heartbeat.AppName, warning);
        var version = _serverVersion;
        var self = _handlers.Self;
        _handlers.Apps.Ask<object>(heartbeat, AskTimeout).ContinueWith(t => t.IsCompletedSuccessfully
            ? t.Result switch
            {
                AppLocation { Refusal: { } refusal } => new HeartbeatReply(false, version, refusal),
                AppLocation location when location.Server == self => new HeartbeatReply(true, version, worker.VersionWarning),
                // The app's entity registered the worker, but the worker should talk to that server directly.
                AppLocation location => new HeartbeatReply(false, version,
                    $"app '{heartbeat.AppName}' runs on server {location.WebAddress ?? location.Server} now; rediscover through /server/acquire"),
                HeartbeatReply refused => refused,
                var other => new HeartbeatReply(false, version, $"unexpected answer from app '{heartbeat.AppName}''s entity: {other.GetType().Name}"),
            }
            : new HeartbeatReply(false, version, $"app '{heartbeat.AppName}' has no running entity right now; retry shortly"),
            TaskScheduler.Default).PipeTo(Sender);
    }

    private void HandleReport(TaskTrackerReportInstanceStatusReq report)
    {
        var id = report.InstanceId;
        // A PowerJob.Akka worker's report names its app in its dispatch token; another SDK's worker's needs the instance read once.
        var app = _appOfInstance.TryGetValue(id, out var cached) ? cached : Auth.WorkerAuthentication.AppOfToken(report.DispatchToken);
        if (app is { } appId)
        {
            ForwardReport(appId, report, Sender);
            return;
        }
        if (_resolving.TryGetValue(id, out var waiting))
        {
            waiting.Add((report, Sender));
            return;
        }
        if (_resolving.Count >= MaxResolving)
        {
            Sender.Tell(AskResponse.Fail($"the server is looking up {_resolving.Count} other instances already; report again shortly"));
            return;
        }
        _resolving[id] = [(report, Sender)];
        _handlers.Store.FindInstanceAsync(id).PipeTo(Self, success: instance => new Resolved(id, instance?.AppId), failure: e => new Resolved(id, null, e.Message));
    }

    private void HandleResolved(Resolved resolved)
    {
        if (!_resolving.Remove(resolved.InstanceId, out var waiting)) return;
        if (resolved.Error is { } error)
        {
            foreach (var (_, replyTo) in waiting) replyTo.Tell(AskResponse.Fail($"the store could not be read: {error}; report again"));
            return;
        }
        if (resolved.AppId is not { } appId)
        {
            _log.Warning("ignored {0} reports for instance {1}: unknown instance", waiting.Count, resolved.InstanceId);
            foreach (var (_, replyTo) in waiting) replyTo.Tell(new AskResponse(true, null, "ignored: instance is unknown"));
            return;
        }
        if (_appOfInstance.Count >= CachedInstances) _appOfInstance.Clear();
        _appOfInstance[resolved.InstanceId] = appId;
        foreach (var (report, replyTo) in waiting) ForwardReport(appId, report, replyTo);
    }

    private void ForwardReport(long appId, TaskTrackerReportInstanceStatusReq report, IActorRef replyTo) =>
        AskApp(new AppInstanceReport(appId, report), replyTo, $"app {appId} has no running entity right now; report again shortly");

    private void AskApp(IPowerJobWire message, IActorRef replyTo, string unavailable) =>
        _handlers.Apps.Ask<object>(message, AskTimeout)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : AskResponse.Fail(unavailable), TaskScheduler.Default)
            .PipeTo(replyTo);
}

/// <summary>What the <c>server</c> root hands messages to: the app shard region, the log writer, the store (to find an instance's app) and this server's cluster address.</summary>
public sealed record ServerHandlers(IActorRef Apps, IActorRef Logs, IPowerJobStore Store, string Self);
