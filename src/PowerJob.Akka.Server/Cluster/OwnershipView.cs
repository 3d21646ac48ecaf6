using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>One server's immutable view of the Up, reachable servers and their endpoints; apps are owned by rendezvous hashing over it.</summary>
public sealed record OwnershipView(string Self, IReadOnlyList<string> Members, IReadOnlyDictionary<string, PeerPong> Profiles)
{
    public static OwnershipView Alone(string self) => new(self, [self], new Dictionary<string, PeerPong>());

    public string? Owner(string appName) => Rendezvous.Owner(appName, Members);

    public bool IsOwnedHere(string appName) => Owner(appName) == Self;

    public string? WorkerAddress(string member, Protocol protocol) =>
        Profiles.TryGetValue(member, out var p) ? protocol == Protocol.Akka ? p.AkkaAddress : p.HttpAddress : null;
}

/// <summary>The latest view, replaced whole by the membership actor and read by anyone.</summary>
public sealed class OwnershipViewHolder
{
    private volatile OwnershipView? _view;

    public OwnershipView? View
    {
        get => _view;
        set => _view = value;
    }
}
