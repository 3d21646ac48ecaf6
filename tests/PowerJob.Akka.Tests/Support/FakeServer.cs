using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Transport;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Versioning;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Host.Samples;
using PowerJob.Akka.Tests.Worker;

namespace PowerJob.Akka.Tests.Support;

/// <summary>
/// A server made of the real transport (a <see cref="ServerTransportHost"/> driven by a <see cref="ProtocolSelectionActor"/>)
/// and a tiny discovery web app, with no scheduler behind it: it records everything workers send to the <c>server</c>
/// root, accepts heartbeats and acknowledges instance reports, and lets a test push requests to workers.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    public const long AppId = 1;

    private readonly ActorSystem _system;
    private readonly ServerTransportHost _host;
    private readonly WebApplication _web;
    private readonly IActorRef _selection;

    private FakeServer(ActorSystem system, ServerTransportHost host, WebApplication web, IActorRef selection,
        IReadOnlyList<BoundEndpoint> endpoints, MessageRecorder received)
    {
        _system = system;
        _host = host;
        _web = web;
        _selection = selection;
        Endpoints = endpoints;
        Received = received;
        WebAddress = $"127.0.0.1:{KestrelBinding.BoundPort(web.Services.GetRequiredService<IServer>())}";
    }

    public MessageRecorder Received { get; }
    public IReadOnlyList<BoundEndpoint> Endpoints { get; }
    public string WebAddress { get; }

    public static async Task<FakeServer> StartAsync(string active = "AKKA,HTTP")
    {
        var options = TestNodes.ServerOptions(active, active.Split(',')[0]);
        var system = ActorSystem.Create("fake-server", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var received = new MessageRecorder();
        var handler = system.ActorOf(global::Akka.Actor.Props.Create(() => new FakeServerActor(received)), "server");
        var host = new ServerTransportHost(options, new HttpClient());
        var selection = system.ActorOf(ProtocolSelectionActor.Props(host), "protocol-selection");
        var started = await selection.Ask<TransportsStarted>(
            new StartTransports(options.ActiveProtocols, new Dictionary<string, IActorRef> { ["server"] = handler }), TimeSpan.FromSeconds(30));
        var web = await StartDiscoveryAsync(started.Endpoints);
        return new FakeServer(system, host, web, selection, started.Endpoints, received);
    }

    /// <summary>The server's worker-facing address for <paramref name="protocol"/>, as <c>/server/acquire</c> answers it.</summary>
    public string TransportAddress(Protocol protocol) => AddressOf(Endpoints, protocol);

    /// <summary>A real worker for this server with the sample and test processors, once it is ready.</summary>
    public static async Task<(WorkerNode Node, string Address)> StartWorkerAsync(WorkerOptions options, ProcessorObservations observations)
    {
        var node = await WorkerNode.StartAsync(options, services => services.AddSampleProcessors().AddTestProcessors(observations));
        return (node, (await TestNodes.ReadyAsync(node)).WorkerAddress);
    }

    public WorkerOptions WorkerOptions(Protocol protocol, int maxConcurrency = 2) => new()
    {
        AppName = "fake-app",
        ServerAddresses = [WebAddress],
        Protocol = protocol,
        Port = 0,
        BindHostname = "127.0.0.1",
        HealthReportInterval = TimeSpan.FromMilliseconds(300),
        MaxConcurrency = maxConcurrency,
        MaxResultLength = 200,
    };

    public void Send(Protocol protocol, string workerAddress, IPowerJobWire message) =>
        _selection.Tell(new SendToRemote(new RemoteTarget(protocol, workerAddress, NodeRole.Worker), message));

    public async Task<AskResponse> AskAsync(Protocol protocol, string workerAddress, IPowerJobWire message)
    {
        var timeout = TimeSpan.FromSeconds(5);
        var reply = await _selection.Ask<object>(new AskRemote(new RemoteTarget(protocol, workerAddress, NodeRole.Worker), message, timeout),
            timeout + TimeSpan.FromSeconds(1));
        return reply as AskResponse ?? throw new InvalidOperationException($"unexpected reply {reply}");
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
        await _host.StopAsync();
        await _system.Terminate();
    }

    private static string AddressOf(IReadOnlyList<BoundEndpoint> endpoints, Protocol protocol) => endpoints
        .Single(e => e.Purpose == (protocol == Protocol.Akka ? BoundEndpoint.AkkaTransport : BoundEndpoint.HttpTransport)).AdvertisedAddress;

    private static async Task<WebApplication> StartDiscoveryAsync(IReadOnlyList<BoundEndpoint> endpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        web.MapGet("/server/assert", () => Results.Json(new { success = true, data = AppId }));
        web.MapGet("/server/acquire", (string? protocol) =>
            Protocols.TryParse(protocol, out var p) && endpoints.Any(e => e.Protocol == p.Name())
                ? Results.Json(new { success = true, data = AddressOf(endpoints, p) })
                : Results.Json(new { success = false, message = $"fake server does not serve '{protocol}'" }));
        await web.StartAsync();
        return web;
    }

    private sealed class FakeServerActor : ReceiveActor
    {
        public FakeServerActor(MessageRecorder received)
        {
            Receive<WorkerHeartbeat>(heartbeat =>
            {
                received.Add(heartbeat);
                Sender.Tell(new HeartbeatReply(true, PowerJobVersion.Current, null));
            });
            Receive<TaskTrackerReportInstanceStatusReq>(report =>
            {
                received.Add(report);
                Sender.Tell(AskResponse.Ok());
            });
            ReceiveAny(received.Add);
        }
    }
}

/// <summary>Messages in arrival order, with waits that end as soon as a condition holds or fail after a timeout.</summary>
public sealed class MessageRecorder
{
    private readonly object _gate = new();
    private readonly List<object> _messages = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(object message)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _messages.Add(message);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public List<T> OfType<T>(Func<T, bool>? filter = null)
    {
        lock (_gate) return _messages.OfType<T>().Where(filter ?? (_ => true)).ToList();
    }

    /// <summary>Waits until the messages of type <typeparamref name="T"/> passing <paramref name="filter"/> satisfy <paramref name="condition"/>.</summary>
    public async Task<List<T>> WaitForAsync<T>(Func<T, bool> filter, Func<List<T>, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            var matching = OfType(filter);
            if (condition(matching)) return matching;
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"condition on {typeof(T).Name} not met within {timeout.TotalSeconds} s; got {matching.Count}: " +
                            string.Join("; ", matching.TakeLast(5)));
            }
        }
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, TimeSpan timeout) =>
        (await WaitForAsync(predicate, list => list.Count > 0, timeout))[0];
}
