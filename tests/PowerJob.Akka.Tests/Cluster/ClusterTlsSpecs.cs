using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Cluster;

/// <summary>
/// The cluster port with <c>oms.cluster.tls.*</c> set: mutual TLS where both ends must present the cluster's own
/// certificate, so only servers holding it (and its password) become members.
/// </summary>
public sealed class ClusterTlsSpecs : IAsyncLifetime
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    private readonly TestNodes _nodes = new();
    private readonly ClusterCertificate _certificate = ClusterCertificate.Create();
    // Same subject and password, different key: what an intruder who guessed everything but the file would hold.
    private readonly ClusterCertificate _otherCertificate = ClusterCertificate.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        _certificate.Dispose();
        _otherCertificate.Dispose();
    }

    private Task<ServerNode> StartServerAsync(ClusterCertificate? certificate, ServerNode? seed) =>
        _nodes.StartServerAsync(TestNodes.ServerOptions("http", "http") with
        {
            SeedNodes = seed is null ? [] : [$"127.0.0.1:{seed.Ports.ClusterPort}"],
            ClusterTls = certificate is null
                ? ClusterTlsOptions.Off
                : ServerOptions.Read(NodeConfiguration.FromHocon("", [.. certificate.Settings])).ClusterTls,
        });

    private static IReadOnlyList<Member> Members(ServerNode server) =>
        global::Akka.Cluster.Cluster.Get(server.Services.GetRequiredService<ActorSystem>()).State.Members.ToList();

    private static Task<IReadOnlyList<Member>> UpAsync(ServerNode server, int count) => TestNodes.EventuallyAsync(
        () => Task.FromResult(Members(server)), m => m.Count(x => x.Status == MemberStatus.Up) >= count, JoinTimeout);

    [Fact]
    public async Task Two_servers_holding_the_cluster_certificate_form_a_cluster_over_TLS()
    {
        var first = await StartServerAsync(_certificate, seed: null);
        var second = await StartServerAsync(_certificate, seed: first);

        await UpAsync(first, 2);
        await UpAsync(second, 2);
        var cluster = Assert.Single(first.Ports.Endpoints, e => e.Purpose == BoundEndpoint.Cluster);
        Assert.Equal("AKKA (cluster, TLS)", cluster.Protocol);
        Assert.Contains("cluster certificate", cluster.OpenTo);
    }

    [Fact]
    public async Task A_server_without_TLS_or_with_another_certificate_never_becomes_a_member()
    {
        var first = await StartServerAsync(_certificate, seed: null);
        await UpAsync(first, 1);
        var plain = await StartServerAsync(null, seed: first);
        await ServerWithAnotherCertificateStopsAsync(first);
        var attacker = StartAttacker(first);
        try
        {
            // The intruders asked to join first; a server holding the certificate, asking after them, gets in.
            var second = await StartServerAsync(_certificate, seed: first);
            await UpAsync(first, 2);

            var members = Members(first).Select(m => m.Address).ToHashSet();
            Assert.Equal(new[] { Address(first), Address(second) }.ToHashSet(), members);
            Assert.Empty(Members(plain));
            Assert.Empty(global::Akka.Cluster.Cluster.Get(attacker).State.Members);
        }
        finally
        {
            await attacker.Terminate();
        }
    }

    // Akka.Remote stops a node whose outgoing TLS handshake fails, so a server holding another certificate shuts itself
    // down at its first attempt to join, at times before its host has finished starting.
    private async Task ServerWithAnotherCertificateStopsAsync(ServerNode seed)
    {
        ServerNode other;
        try
        {
            other = await StartServerAsync(_otherCertificate, seed);
        }
        catch (TaskCanceledException)
        {
            return;
        }
        await other.Services.GetRequiredService<ActorSystem>().WhenTerminated.WaitAsync(JoinTimeout);
        Assert.Empty(Members(other));
    }

    private static global::Akka.Actor.Address Address(ServerNode server) =>
        global::Akka.Cluster.Cluster.Get(server.Services.GetRequiredService<ActorSystem>()).SelfAddress;

    // A hand-made cluster node that skips validation of the peer's certificate but has to present its own.
    private ActorSystem StartAttacker(ServerNode seed) => ActorSystem.Create(ServerClusterSystem.Name, ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = WARNING
          actor.provider = cluster
          remote.dot-netty.tcp {
            hostname = 127.0.0.1
            port = 0
            enable-ssl = true
            ssl {
              suppress-validation = true
              certificate { path = "{{_otherCertificate.Path}}", password = "{{_otherCertificate.Password}}" }
            }
          }
          cluster.seed-nodes = ["akka.ssl.tcp://{{ServerClusterSystem.Name}}@127.0.0.1:{{seed.Ports.ClusterPort}}"]
          cluster.roles = [{{ServerClusterSystem.Role}}]
        }
        """));
}
