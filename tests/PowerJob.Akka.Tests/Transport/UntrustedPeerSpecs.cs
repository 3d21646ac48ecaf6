using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Hosting;

namespace PowerJob.Akka.Tests.Transport;

/// <summary>
/// A stranger's actor system that reaches a worker-facing AKKA port: untrusted mode and the handler roots let through
/// only PowerJob wire messages sent to a root's path, never selections, PoisonPill or other payloads.
/// </summary>
public sealed class UntrustedPeerSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    private FakeServer _server = null!;
    private ActorSystem _stranger = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeServer.StartAsync("AKKA");
        _stranger = ActorSystem.Create("stranger", AkkaRemoteConfig.RemoteOnly("127.0.0.1", "127.0.0.1", 0));
    }

    public async Task DisposeAsync()
    {
        await _stranger.Terminate();
        await _server.DisposeAsync();
    }

    private string ServerRoot => $"akka.tcp://{RemoteTarget.ServerSystemName}@{_server.TransportAddress(Protocol.Akka)}/user/server";

    private IActorRef Resolve(string path) => ((ExtendedActorSystem)_stranger).Provider.ResolveActorRef(path);

    private static WorkerHeartbeat Heartbeat(string from) => new() { WorkerAddress = from, AppName = "fake-app" };

    [Fact]
    public async Task Server_root_takes_wire_messages_sent_to_its_path_and_nothing_else()
    {
        var root = Resolve(ServerRoot);
        _stranger.ActorSelection(ServerRoot).Tell(Heartbeat("via-selection"));
        root.Tell("not a wire message");
        root.Tell(PoisonPill.Instance);
        root.Tell(Kill.Instance);

        // One connection keeps order: the direct heartbeat is answered only after everything sent before it arrived.
        var reply = await root.Ask<HeartbeatReply>(Heartbeat("direct"), Reply);

        Assert.True(reply.Accepted);
        Assert.Equal(["direct"], _server.Received.OfType<WorkerHeartbeat>().Select(h => h.WorkerAddress));
        Assert.Empty(_server.Received.OfType<string>());
    }

    [Fact]
    public async Task Worker_root_ignores_selections_PoisonPill_and_Kill_from_a_stranger()
    {
        await using var worker = await WorkerNode.StartAsync(_server.WorkerOptions(Protocol.Akka));
        var address = (await TestNodes.ReadyAsync(worker)).WorkerAddress;
        var path = $"akka.tcp://{RemoteTarget.WorkerSystemName}@{address}/user/worker";
        var root = Resolve(path);

        await Assert.ThrowsAsync<AskTimeoutException>(() =>
            _stranger.ActorSelection(path).Ask<AskResponse>(new ServerQueryInstanceStatusReq(7), TimeSpan.FromSeconds(1)));
        root.Tell(PoisonPill.Instance);
        root.Tell(Kill.Instance);
        var reply = await root.Ask<AskResponse>(new ServerQueryInstanceStatusReq(7), Reply);

        Assert.False(reply.Success);
        Assert.Contains("not running on this worker", reply.Message);
    }

    [Fact]
    public async Task Worker_facing_systems_build_no_payload_from_a_type_name_on_the_wire()
    {
        await using var worker = await WorkerNode.StartAsync(_server.WorkerOptions(Protocol.Akka));
        await TestNodes.ReadyAsync(worker);
        using var trusting = ActorSystem.Create("trusting");
        var payload = new List<string> { "anything" };
        var bytes = trusting.Serialization.FindSerializerFor(payload).ToBinary(payload);
        Assert.Equal(1, trusting.Serialization.FindSerializerFor(payload).Identifier);

        foreach (var system in new[] { worker.Services.GetRequiredService<ActorSystem>(), _stranger })
        {
            var refused = Assert.ThrowsAny<Exception>(() => system.Serialization.Deserialize(bytes, 1, payload.GetType().AssemblyQualifiedName!));
            Assert.Contains("only PowerJob wire messages", refused.GetBaseException().Message);
        }
    }
}
