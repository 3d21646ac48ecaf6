using Akka.Actor;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Transport;

public class ServerClusterTransportSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Two_servers_without_akka_form_a_cluster_and_talk_over_the_cluster_port()
    {
        var akkaPortA = Ports.Free();
        var a = await _nodes.StartServerAsync(TestNodes.ServerOptions("http", "http") with { AkkaPort = akkaPortA });
        var b = await _nodes.StartServerAsync(TestNodes.ServerOptions("http", "http") with
        {
            SeedNodes = [$"127.0.0.1:{a.Ports.ClusterPort}"],
        });
        var systemA = a.Services.GetRequiredService<ActorSystem>();
        var clusterA = global::Akka.Cluster.Cluster.Get(systemA);
        await TestNodes.EventuallyAsync(() => Task.FromResult(clusterA.State.Members.Count(m => m.Status == global::Akka.Cluster.MemberStatus.Up)),
            up => up == 2, TimeSpan.FromSeconds(20));

        var pong = await systemA.ActorSelection(ClusterPeerActor.PathOn("127.0.0.1", b.Ports.ClusterPort))
            .Ask<PeerPong>(new PeerPing("a"), TimeSpan.FromSeconds(5));
        Assert.Equal(b.Ports.ClusterPort, pong.ClusterPort);
        Assert.NotEqual(a.Ports.ClusterPort, pong.ClusterPort);
        Assert.False(await Ports.AcceptsConnectionsAsync(akkaPortA));
        Assert.DoesNotContain(b.Ports.Endpoints, e => e.Protocol == "AKKA");
    }
}
