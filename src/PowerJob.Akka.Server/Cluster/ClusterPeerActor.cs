using Akka.Actor;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>Answers other servers at <c>/user/peer</c> in the cluster system; all server-to-server traffic uses the cluster port.</summary>
public sealed class ClusterPeerActor : ReceiveActor
{
    public const string Name = "peer";

    public ClusterPeerActor(string serverName, int clusterPort) =>
        Receive<PeerPing>(_ => Sender.Tell(new PeerPong(serverName, clusterPort)));

    public static Props Props(string serverName, int clusterPort) =>
        global::Akka.Actor.Props.Create(() => new ClusterPeerActor(serverName, clusterPort));

    public static string PathOn(string host, int clusterPort) =>
        $"akka.tcp://{ServerClusterSystem.Name}@{host}:{clusterPort}/user/{Name}";
}
