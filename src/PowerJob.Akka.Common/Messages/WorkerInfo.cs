using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Messages;

/// <summary>What the server knows of one worker, from its last heartbeat; its app's entity keeps it and answers with it across the cluster.</summary>
public sealed record WorkerInfo
{
    public required string Address { get; init; }
    public required long AppId { get; init; }
    public required string AppName { get; init; }
    public required Protocol Protocol { get; init; }
    public string? Version { get; init; }
    /// <summary>True for a PowerJob.Akka worker; false for a PowerJob worker from another SDK.</summary>
    public bool IsPowerJobAkka { get; init; }
    /// <summary>Set when the worker's minor version differs from the server's.</summary>
    public string? VersionWarning { get; init; }
    public string? Tag { get; init; }
    public bool IsOverload { get; init; }
    public SystemMetrics? Metrics { get; init; }
    /// <summary>Processor names the worker announced; null for PowerJob workers, which do not announce them.</summary>
    public IReadOnlyList<string>? Processors { get; init; }
    public DateTimeOffset LastHeartbeat { get; init; }
    public bool Alive { get; init; }
    /// <summary>Set on the refused list only: why the server refused this worker's last heartbeat.</summary>
    public string? Refusal { get; init; }
}
