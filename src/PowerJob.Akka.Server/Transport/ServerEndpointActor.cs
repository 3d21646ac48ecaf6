using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Workers;
using PowerJob.Akka.Versioning;

namespace PowerJob.Akka.Server.Transport;

/// <summary>
/// The <c>server</c> handler root: every message a worker sends to the server arrives here, whichever protocol
/// carried it, and goes on to the actor that owns the concern.
/// </summary>
public sealed class ServerEndpointActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _serverVersion;
    private readonly ServerHandlers _handlers;
    private readonly Func<string, bool> _ownsApp;

    public const string Name = "server-endpoint";

    public ServerEndpointActor(string serverVersion, ServerHandlers handlers, Func<string, bool> ownsApp)
    {
        _serverVersion = serverVersion;
        _handlers = handlers;
        _ownsApp = ownsApp;
        Receive<WorkerHeartbeat>(HandleHeartbeat);
        Receive<TaskTrackerReportInstanceStatusReq>(report => Route(_handlers.InstanceReports, report));
        Receive<WorkerLogReportReq>(report => Route(_handlers.Logs, report));
        Receive<WorkerQueryExecutorClusterReq>(query => Route(_handlers.InstanceReports, query));
    }

    public static Props Props(string serverVersion, ServerHandlers handlers, Func<string, bool> ownsApp) =>
        global::Akka.Actor.Props.Create(() => new ServerEndpointActor(serverVersion, handlers, ownsApp));

    private void Route(IActorRef? target, object message)
    {
        if (target is not null) target.Forward(message);
        else Sender.Tell(AskResponse.Fail($"{message.GetType().Name} is not handled by this server"));
    }

    private void HandleHeartbeat(WorkerHeartbeat heartbeat)
    {
        var protocolText = string.IsNullOrWhiteSpace(heartbeat.Protocol) ? "AKKA" : heartbeat.Protocol;
        if (!Protocols.TryParse(protocolText, out var protocol))
        {
            Refuse(heartbeat, $"unknown protocol '{heartbeat.Protocol}' in heartbeat; allowed values are {Protocols.AllowedValues}");
            return;
        }
        if (!_ownsApp(heartbeat.AppName))
        {
            _log.Warning("heartbeat of worker {0}: app {1} is owned by another server; the worker will rediscover", heartbeat.WorkerAddress, heartbeat.AppName);
            Sender.Tell(new HeartbeatReply(false, _serverVersion,
                $"app '{heartbeat.AppName}' is not owned by this server (ownership moved); rediscover through /server/acquire"));
            return;
        }
        var isPowerJobAkka = heartbeat.Runtime == WorkerHeartbeat.PowerJobAkkaRuntime;
        string? warning = null;
        if (isPowerJobAkka)
        {
            var version = heartbeat.Version ?? "";
            var compatibility = PowerJobVersion.Compare(_serverVersion, version);
            var description = PowerJobVersion.Describe(compatibility, _serverVersion, version);
            if (compatibility == VersionCompatibility.MajorMismatch)
            {
                Refuse(heartbeat, description);
                return;
            }
            if (compatibility == VersionCompatibility.MinorMismatch)
            {
                warning = description;
                _log.Warning("worker {0} of app {1}: {2}", heartbeat.WorkerAddress, heartbeat.AppName, description);
            }
        }
        _handlers.WorkerRegistry.Tell(new RegisterWorker(new WorkerInfo
        {
            Address = heartbeat.WorkerAddress,
            AppId = heartbeat.AppId,
            AppName = heartbeat.AppName,
            Protocol = protocol,
            Version = heartbeat.Version,
            IsPowerJobAkka = isPowerJobAkka,
            VersionWarning = warning,
            Tag = heartbeat.Tag,
            IsOverload = heartbeat.IsOverload,
            Metrics = heartbeat.SystemMetrics,
            Processors = heartbeat.Processors,
        }));
        Sender.Tell(new HeartbeatReply(true, _serverVersion, warning));
    }

    private void Refuse(WorkerHeartbeat heartbeat, string reason)
    {
        _log.Error("refused heartbeat of worker {0} (app {1}): {2}", heartbeat.WorkerAddress, heartbeat.AppName, reason);
        Sender.Tell(new HeartbeatReply(false, _serverVersion, reason));
    }
}

/// <summary>The actors the <c>server</c> root hands messages to; null ones are not built on this node.</summary>
public sealed record ServerHandlers(IActorRef WorkerRegistry, IActorRef? InstanceReports = null, IActorRef? Logs = null);
