using Akka.Actor;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>Answers other servers at <c>/user/peer</c> in the cluster system with this server's profile; all server-to-server traffic uses the cluster port.</summary>
public sealed class ClusterPeerActor : ReceiveActor
{
    public const string Name = "peer";

    public ClusterPeerActor(Func<PeerPong> profile) => Receive<PeerPing>(_ => Sender.Tell(profile()));

    public static Props Props(Func<PeerPong> profile) => global::Akka.Actor.Props.Create(() => new ClusterPeerActor(profile));

    public static string PathOn(string host, int clusterPort) =>
        $"akka.tcp://{ServerClusterSystem.Name}@{host}:{clusterPort}/user/{Name}";

    public static string PathOn(string memberAddress) => $"{memberAddress}/user/{Name}";
}
