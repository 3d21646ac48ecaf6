using System.Net.Http.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using PowerJob.Akka.Auth;
using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Benchmarks.Parts;

/// <summary>
/// Part 3: request/response round trips per second with a fixed number in flight. PowerJob.Akka's two worker→server paths
/// (a worker's protocol-selection actor asking the server's <c>/server/workerHeartbeat</c>, answered with a
/// <see cref="HeartbeatReply"/>), beside the limits: raw Akka.Remote ask between two actor systems and raw Kestrel
/// loopback POST with HttpClient, carrying the same messages with the same serializers.
/// </summary>
public static class TransportPart
{
    public sealed record Run(string Path, RequestLoop.Result Result);

    public sealed record Figures(int Concurrency, string Message, IReadOnlyList<Run> Runs);

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(BenchSettings s, BenchReport report)
    {
        var warmup = s.Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(2);
        var runs = new List<Run>();
        Console.WriteLine("transport: PowerJob.Akka AKKA and HTTP paths ...");
        await using (var cluster = await PowerJobCluster.StartAsync(0, Protocol.Akka))
        {
            foreach (var protocol in new[] { Protocol.Akka, Protocol.Http })
            {
                var worker = await cluster.StartWorkerAsync(protocol);
                var selection = worker.Services.GetRequiredService<IRequiredActor<ProtocolSelectionActor>>().ActorRef;
                var heartbeat = Heartbeat(cluster.AppId, protocol).Signed(await cluster.Api.WorkerKeyAsync(cluster.AppId));
                var ask = new AskRemote(cluster.ServerTarget(protocol), heartbeat, AskTimeout);
                var result = await RequestLoop.RunAsync(s.TransportConcurrency, warmup, s.TransportDuration, async () =>
                {
                    if (await selection.Ask<object>(ask, AskTimeout) is not HeartbeatReply { Accepted: true } reply)
                        throw new InvalidOperationException("heartbeat not accepted");
                });
                runs.Add(new Run($"PowerJob.Akka {protocol.Name()} (ProtocolSelectionActor → server handler)", result));
            }
        }
        Console.WriteLine("transport: raw Akka.Remote and raw Kestrel ...");
        runs.Add(new Run("raw Akka.Remote ask (two actor systems, DotNetty TCP)", await RawAkkaAsync(s, warmup)));
        runs.Add(new Run("raw Kestrel POST with HttpClient (loopback)", await RawKestrelAsync(s, warmup)));
        if (runs.Any(r => r.Result.RoundTrips == 0)) throw new InvalidOperationException("a transport made no round trip");

        var figures = new Figures(s.TransportConcurrency, "WorkerHeartbeat → HeartbeatReply", runs);
        report.Add("transport", figures, new Table($"3. Transport cost: request/response round trips, {s.TransportConcurrency} in flight",
            ["path", "round trips/s", "p50 ms", "p99 ms", "errors"],
            runs.Select(r => (IReadOnlyList<string>)
                [r.Path, Format.Num(r.Result.PerSecond), Format.Ms(r.Result.LatencyMs.P50), Format.Ms(r.Result.LatencyMs.P99), Format.Num(r.Result.Errors)]).ToList(),
            [
                $"Each round trip is a WorkerHeartbeat answered with a HeartbeatReply (System.Text.Json, PowerJob's JSON shape), {s.TransportConcurrency} requests in flight, {s.TransportDuration.TotalSeconds:0} s after a warm-up; client and server in this process.",
                "PowerJob.Akka AKKA: worker's ProtocolSelectionActor → Akka.Remote gateway (ask through a cached remote ref) → server forwarder → ServerEndpointActor. HTTP: ProtocolSelectionActor → HttpBridgeActor (HttpClient POST /server/workerHeartbeat) → Kestrel → server bridge actor → ServerEndpointActor.",
                "Raw: an echo actor reached through a resolved IActorRef; a Kestrel endpoint that reads and writes the same JSON.",
            ]));
    }

    private static WorkerHeartbeat Heartbeat(long appId, Protocol protocol) => new()
    {
        WorkerAddress = "127.0.0.1:1", AppName = PowerJobCluster.AppName, AppId = appId, HeartbeatTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Version = "4.3.9", Protocol = protocol.Name(), Client = "bench",
        SystemMetrics = new SystemMetrics { CpuProcessors = Environment.ProcessorCount, CpuLoad = 0.1, Score = 90 },
    };

    private static async Task<RequestLoop.Result> RawAkkaAsync(BenchSettings s, TimeSpan warmup)
    {
        var server = ActorSystem.Create("raw-server", AkkaRemoteConfig.RemoteOnly("127.0.0.1", "127.0.0.1", 0));
        var client = ActorSystem.Create("raw-client", AkkaRemoteConfig.RemoteOnly("127.0.0.1", "127.0.0.1", 0));
        try
        {
            server.ActorOf(Props.Create(() => new EchoActor()), "echo");
            var address = ((ExtendedActorSystem)server).Provider.DefaultAddress;
            // Untrusted mode (as on every worker-facing system) refuses selections; the gateway resolves refs the same way.
            var echo = ((ExtendedActorSystem)client).Provider.ResolveActorRef($"{address}/user/echo");
            var heartbeat = Heartbeat(1, Protocol.Akka);
            return await RequestLoop.RunAsync(s.TransportConcurrency, warmup, s.TransportDuration,
                () => echo.Ask<HeartbeatReply>(heartbeat, AskTimeout));
        }
        finally
        {
            await client.Terminate();
            await server.Terminate();
        }
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => Receive<WorkerHeartbeat>(_ => Sender.Tell(new HeartbeatReply(true, "raw", null)));
    }

    private static async Task<RequestLoop.Result> RawKestrelAsync(BenchSettings s, TimeSpan warmup)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapPost("/server/workerHeartbeat", async (HttpRequest request) =>
        {
            await request.ReadFromJsonAsync<WorkerHeartbeat>(WireJson.Options);
            return Results.Json<object>(new HeartbeatReply(true, "raw", null), WireJson.Options);
        });
        await app.StartAsync();
        var port = KestrelBinding.BoundPort(app.Services.GetRequiredService<IServer>());
        using var http = PowerJobCluster.NewHttpClient();
        var uri = new Uri($"http://127.0.0.1:{port}/server/workerHeartbeat");
        var heartbeat = Heartbeat(1, Protocol.Http);
        var result = await RequestLoop.RunAsync(s.TransportConcurrency, warmup, s.TransportDuration, async () =>
        {
            using var response = await http.PostAsync(uri, JsonContent.Create(heartbeat, options: WireJson.Options));
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadFromJsonAsync<HeartbeatReply>(WireJson.Options);
        });
        await app.StopAsync();
        return result;
    }
}
