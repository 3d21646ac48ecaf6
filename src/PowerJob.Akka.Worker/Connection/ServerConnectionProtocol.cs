using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Worker.Connection;

/// <summary>Asks the connection actor for <see cref="WorkerHealth"/>.</summary>
public sealed class GetWorkerHealth
{
    public static readonly GetWorkerHealth Instance = new();
    private GetWorkerHealth() { }
}

/// <summary>
/// The worker's view of its server: ready once discovery succeeded and heartbeats are accepted; otherwise the
/// last error says why (no server reachable, protocol refused, version refused).
/// </summary>
public sealed record WorkerHealth(
    bool Ready,
    string WorkerAddress,
    long? AppId,
    string? ServerWebAddress,
    string? ServerAddress,
    string? ServerVersion,
    string? LastError,
    string? VersionWarning,
    int ConsecutiveFailures);

/// <summary>Asks for the server the worker currently reports to; answered with <see cref="CurrentServer"/>.</summary>
public sealed class GetCurrentServer
{
    public static readonly GetCurrentServer Instance = new();
    private GetCurrentServer() { }
}

public sealed record CurrentServer(RemoteTarget? Target, long? AppId, string WorkerAddress);
