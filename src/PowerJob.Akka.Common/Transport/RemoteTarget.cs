using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Transport;

public enum NodeRole
{
    Server,
    Worker,
}

/// <summary>Where an outgoing message goes: a node's worker-facing address and the protocol it speaks there.</summary>
public sealed record RemoteTarget(Protocol Protocol, string HostPort, NodeRole Role)
{
    public const string ServerSystemName = "powerjob-server";
    public const string WorkerSystemName = "powerjob-worker";

    public string AkkaPath(string root) =>
        $"akka.tcp://{(Role == NodeRole.Server ? ServerSystemName : WorkerSystemName)}@{HostPort}/user/{root}";

    public Uri HttpUri(string path) => new($"http://{HostPort}{path}");

    public override string ToString() => $"{Protocol.Name()}:{HostPort}";
}
