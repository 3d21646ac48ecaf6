using System.Text.Json.Serialization;

namespace PowerJob.Akka.Messages;

/// <summary>Host and load figures a worker reports; PowerJob's <c>SystemMetrics</c>.</summary>
public sealed record SystemMetrics
{
    public int CpuProcessors { get; init; }
    public double CpuLoad { get; init; }
    public double JvmUsedMemory { get; init; }
    public double JvmMaxMemory { get; init; }
    public double JvmMemoryUsage { get; init; }
    public double DiskUsed { get; init; }
    public double DiskTotal { get; init; }
    public double DiskUsage { get; init; }
    public int Score { get; init; }
}

/// <summary>
/// <c>/server/workerHeartbeat</c>: PowerJob's <c>WorkerHeartbeat</c>, plus <see cref="Runtime"/>, which marks
/// a PowerJob.Akka worker (PowerJob ignores unknown fields).
/// </summary>
public sealed record WorkerHeartbeat : IPowerJobWire
{
    public const string PowerJobAkkaRuntime = "PowerJob.Akka";

    public string WorkerAddress { get; init; } = "";
    public string AppName { get; init; } = "";
    public long AppId { get; init; }
    public long HeartbeatTime { get; init; }
    public string? Version { get; init; }
    public string? Protocol { get; init; }
    public string? Tag { get; init; }
    public string? Client { get; init; }
    [JsonPropertyName("isOverload")]
    public bool IsOverload { get; init; }
    public int LightTaskTrackerNum { get; init; }
    public int HeavyTaskTrackerNum { get; init; }
    public SystemMetrics? SystemMetrics { get; init; }
    public string? Runtime { get; init; }
    /// <summary>Processor names this worker can run (PowerJob.Akka workers only), so the server can reject a job naming none.</summary>
    public IReadOnlyList<string>? Processors { get; init; }
    /// <summary>
    /// HMAC of appId, appName, workerAddress and heartbeatTime keyed by the app's worker key (PowerJob.Akka workers only):
    /// proves the worker holds the app password without sending it.
    /// </summary>
    public string? Proof { get; init; }
}

/// <summary>The server's answer to a heartbeat. PowerJob workers send heartbeats as tells and never read it.</summary>
public sealed record HeartbeatReply(bool Accepted, string ServerVersion, string? Message) : IPowerJobWire;

/// <summary><c>/server/reportInstanceStatus</c>: PowerJob's <c>TaskTrackerReportInstanceStatusReq</c>, plus the dispatch attempt.</summary>
public sealed record TaskTrackerReportInstanceStatusReq : IPowerJobWire
{
    public long JobId { get; init; }
    public long InstanceId { get; init; }
    public long? WfInstanceId { get; init; }
    public int InstanceStatus { get; init; }
    public string? Result { get; init; }
    public long TotalTaskNum { get; init; }
    public long SucceedTaskNum { get; init; }
    public long FailedTaskNum { get; init; }
    public long StartTime { get; init; }
    public long ReportTime { get; init; }
    public string? SourceAddress { get; init; }
    /// <summary>Dispatch attempt this report belongs to; 0 from PowerJob workers, which do not send it.</summary>
    public int Attempt { get; init; }
    /// <summary>The <see cref="ServerScheduleJobReq.DispatchToken"/> of the attempt, proving the report comes from the worker that holds it.</summary>
    public string? DispatchToken { get; init; }
    /// <summary>What the instance's processors added to the workflow context (PowerJob's <c>appendedWfContext</c>), in the final report.</summary>
    public IReadOnlyDictionary<string, string>? AppendedWfContext { get; init; }
}

/// <summary>One log line of an instance, as PowerJob's <c>InstanceLogContent</c>.</summary>
public sealed record InstanceLogContent(long InstanceId, long LogTime, int LogLevel, string LogContent);

/// <summary><c>/server/reportLog</c>: PowerJob's <c>WorkerLogReportReq</c>, plus the dispatch tokens of the instances its lines are about.</summary>
public sealed record WorkerLogReportReq(string WorkerAddress, IReadOnlyList<InstanceLogContent> InstanceLogContents) : IPowerJobWire
{
    /// <summary>For each instance in <see cref="InstanceLogContents"/>, its attempt's dispatch token; PowerJob workers send none.</summary>
    public IReadOnlyList<InstanceLogToken>? DispatchTokens { get; init; }
}

/// <summary>An instance's attempt and its dispatch token, which proves log lines about it come from a worker running it.</summary>
public sealed record InstanceLogToken(long InstanceId, int Attempt, string? DispatchToken);

/// <summary><c>/server/queryJobCluster</c>: the workers a task tracker may spread sub-tasks over.</summary>
public sealed record WorkerQueryExecutorClusterReq(long AppId, long JobId) : IPowerJobWire;
