namespace PowerJob.Akka.Messages;

/// <summary>Server-to-server liveness and profile exchange over the cluster port.</summary>
public sealed record PeerPing(string From) : IPowerJobWire;

/// <summary>A server's profile: its cluster port and the addresses workers and clients use to reach it.</summary>
public sealed record PeerPong(string Server, int ClusterPort, string? WebAddress = null, string? AkkaAddress = null, string? HttpAddress = null)
    : IPowerJobWire;

/// <summary>A job was saved, enabled, disabled or deleted; told to every server's schedulers, the owner's reloads it.</summary>
public sealed record JobChanged(long AppId, long JobId) : IPowerJobWire;

/// <summary>A new app was registered; told to every server's schedulers, the owner starts scheduling it.</summary>
public sealed record AppRegistered(long AppId, string AppName) : IPowerJobWire;
