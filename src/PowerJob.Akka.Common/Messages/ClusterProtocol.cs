namespace PowerJob.Akka.Messages;

/// <summary>Server-to-server liveness and profile exchange over the cluster port.</summary>
public sealed record PeerPing(string From) : IPowerJobWire;

/// <summary>A server's profile: its cluster port and the addresses workers and clients use to reach it.</summary>
public sealed record PeerPong(string Server, int ClusterPort, string? WebAddress = null, string? AkkaAddress = null, string? HttpAddress = null)
    : IPowerJobWire;

