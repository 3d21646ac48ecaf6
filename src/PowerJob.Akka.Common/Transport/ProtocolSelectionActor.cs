using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Transport;

/// <summary>
/// One per node. Starts the transport of each active protocol (the Akka.Remote system, or the HTTP bridge actor and
/// its Kestrel endpoint) and routes every outgoing message to the transport of its target's protocol, so actors
/// above it never know which protocol carries a message.
/// </summary>
public sealed class ProtocolSelectionActor : ReceiveActor, IWithUnboundedStash
{
    private sealed record Started(AkkaTransport? Akka, IReadOnlyList<BoundEndpoint> Endpoints);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ITransportHost _host;
    private readonly Dictionary<Protocol, IActorRef> _gateways = new();
    private IReadOnlyList<Protocol> _active = [];
    private IActorRef _requester = ActorRefs.Nobody;

    public ProtocolSelectionActor(ITransportHost host)
    {
        _host = host;
        Receive<StartTransports>(HandleStart);
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(ITransportHost host) => global::Akka.Actor.Props.Create(() => new ProtocolSelectionActor(host));

    private void HandleStart(StartTransports start)
    {
        _requester = Sender;
        _active = start.Active;
        IActorRef? bridge = null;
        if (_active.Contains(Protocol.Http))
            bridge = _gateways[Protocol.Http] = Context.ActorOf(HttpBridgeActor.Props(_host.HttpClient, start.Handlers), "http-bridge");
        StartAsync(start.Handlers, bridge).PipeTo(Self);
        Become(Starting);
    }

    private async Task<Started> StartAsync(IReadOnlyDictionary<string, IActorRef> handlers, IActorRef? bridge)
    {
        var endpoints = new List<BoundEndpoint>();
        AkkaTransport? akka = null;
        if (_active.Contains(Protocol.Akka))
        {
            akka = await _host.StartAkkaAsync(handlers, CancellationToken.None);
            endpoints.Add(akka.Endpoint);
        }
        if (bridge is not null) endpoints.Add(await _host.StartHttpAsync(bridge, CancellationToken.None));
        return new Started(akka, endpoints);
    }

    private void Starting()
    {
        Receive<Started>(started =>
        {
            if (started.Akka is { } akka)
                _gateways[Protocol.Akka] = Context.ActorOf(AkkaRemoteGatewayActor.Props(akka.RemoteSystem, _host.Role.ToString()), "akka-gateway");
            foreach (var endpoint in started.Endpoints) _log.Info("port plan: {0}", endpoint);
            _requester.Tell(new TransportsStarted(started.Endpoints));
            Become(Running);
            Stash.UnstashAll();
        });
        Receive<Status.Failure>(failure =>
        {
            var reason = failure.Cause.GetBaseException().Message;
            _log.Error(failure.Cause, "starting transports {0} failed: {1}", Protocols.Describe(_active), reason);
            _requester.Tell(new TransportStartFailed(reason));
            Become(() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new RemoteCallException($"transports failed to start: {reason}")))));
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        Receive<SendToRemote>(send =>
        {
            if (Gateway(send.Target) is { } gateway) gateway.Forward(send);
            else _log.Warning("dropped {0} to {1}: {2}", send.Message.GetType().Name, send.Target, NotSpoken(send.Target));
        });
        Receive<AskRemote>(ask =>
        {
            if (Gateway(ask.Target) is { } gateway) gateway.Forward(ask);
            else Sender.Tell(new Status.Failure(new RemoteCallException(NotSpoken(ask.Target))));
        });
    }

    private IActorRef? Gateway(RemoteTarget target) => _gateways.GetValueOrDefault(target.Protocol);

    private string NotSpoken(RemoteTarget target) =>
        $"this {_host.Role.ToString().ToLowerInvariant()} speaks {Protocols.Describe(_active)}; {target} needs {target.Protocol.Name()}";
}
