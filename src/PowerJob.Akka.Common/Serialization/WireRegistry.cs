using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Serialization;

/// <summary>One wire message type: its stable manifest and, when it is a request, its handler path.</summary>
public sealed record WireType(Type Type, string Manifest, string? Path, Type? ReplyType)
{
    public bool ExpectsReply => ReplyType is not null;

    /// <summary>The handler root: "server" for "/server/workerHeartbeat".</summary>
    public string? Root => Path?.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
}

/// <summary>
/// The one table of message contracts: Akka.Remote manifests and HTTP bridge paths both come from here,
/// so a type name is never taken from the wire.
/// </summary>
public sealed class WireRegistry
{
    private readonly Dictionary<Type, WireType> _byType = new();
    private readonly Dictionary<string, WireType> _byManifest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WireType> _byPath = new(StringComparer.OrdinalIgnoreCase);

    public static WireRegistry Default { get; } = new WireRegistry()
        .Message<AskResponse>("ask-response")
        .Message<HeartbeatReply>("heartbeat-reply")
        .Message<PeerPing>("peer-ping")
        .Message<PeerPong>("peer-pong")
        .Message<JobChanged>("job-changed")
        .Message<WakeApp>("wake-app")
        .Message<WhereIsApp>("where-is-app")
        .Message<AppLocation>("app-location")
        .Message<GetAppWorkers>("get-app-workers")
        .Message<AppWorkers>("app-workers")
        .Message<AppInstanceReport>("app-instance-report")
        .Message<RunJobRequest>("run-job-request")
        .Message<RunJobRefused>("run-job-refused")
        .Message<RunJobUnknownJob>("run-job-unknown-job")
        .Message<InstanceCreated>("instance-created")
        .Message<InstanceCommand>("instance-command")
        .Message<InstanceCommandResult>("instance-command-result")
        .Message<WorkflowChanged>("workflow-changed")
        .Message<RunWorkflowRequest>("run-workflow-request")
        .Message<WorkflowInstanceCreated>("workflow-instance-created")
        .Message<WorkflowCommand>("workflow-command")
        .Message<WorkflowCommandResult>("workflow-command-result")
        .Request<WorkerHeartbeat>("worker-heartbeat", "/server/workerHeartbeat", typeof(HeartbeatReply))
        .Request<TaskTrackerReportInstanceStatusReq>("instance-status", "/server/reportInstanceStatus", typeof(AskResponse))
        .Request<WorkerLogReportReq>("log-report", "/server/reportLog")
        .Request<WorkerQueryExecutorClusterReq>("query-cluster", "/server/queryJobCluster", typeof(AskResponse))
        .Request<ServerScheduleJobReq>("run-job", "/worker/runJob")
        .Request<ServerStopInstanceReq>("stop-instance", "/worker/stopInstance")
        .Request<ServerQueryInstanceStatusReq>("query-instance", "/worker/queryInstanceStatus", typeof(AskResponse))
        .Request<ProcessorMapTaskRequest>("map-task", "/taskTracker/mapTask", typeof(AskResponse))
        .Request<ProcessorReportTaskStatusReq>("task-status", "/taskTracker/reportTaskStatus", typeof(AskResponse))
        .Request<TaskTrackerStartTaskReq>("start-task", "/processorTracker/startTask", typeof(AskResponse))
        .Request<TaskTrackerStopInstanceReq>("stop-tasks", "/processorTracker/stopInstance")
        .Request<ProcessorTrackerStatusReportReq>("pt-status", "/taskTracker/reportProcessorTrackerStatus");

    public IEnumerable<WireType> Types => _byType.Values;

    public WireRegistry Request<T>(string manifest, string path, Type? replyType = null) where T : IPowerJobWire =>
        Add(new WireType(typeof(T), manifest, path, replyType));

    /// <summary>A message with no HTTP handler path: a reply, or server-to-server traffic over the cluster port.</summary>
    public WireRegistry Message<T>(string manifest) where T : IPowerJobWire =>
        Add(new WireType(typeof(T), manifest, null, null));

    public WireType ForType(Type type) =>
        _byType.TryGetValue(type, out var wire) ? wire
            : throw new ArgumentException($"{type.Name} is not a registered wire message", nameof(type));

    public bool TryForManifest(string manifest, out WireType wire) => _byManifest.TryGetValue(manifest, out wire!);

    public bool TryForPath(string path, out WireType wire) => _byPath.TryGetValue(path, out wire!);

    private WireRegistry Add(WireType wire)
    {
        _byType.Add(wire.Type, wire);
        _byManifest.Add(wire.Manifest, wire);
        if (wire.Path is not null) _byPath.Add(wire.Path, wire);
        return this;
    }
}
