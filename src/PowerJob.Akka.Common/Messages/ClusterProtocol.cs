
namespace PowerJob.Akka.Messages;

/// <summary>Server-to-server liveness check over the cluster port.</summary>
public sealed record PeerPing(string From) : IPowerJobWire;

public sealed record PeerPong(string Server, int ClusterPort) : IPowerJobWire;
