using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Transport;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Versioning;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Benchmarks.Parts;

/// <summary>
/// Part 5: what one STANDALONE instance costs a worker. One real <see cref="WorkerNode"/> (AKKA) is fed runJob requests
/// by a stand-in server: the server's real worker-facing transport (<see cref="ServerTransportHost"/> driven by a
/// <see cref="ProtocolSelectionActor"/>, over real Akka.Remote on loopback) and the two discovery calls, with no
/// scheduler or store behind it. It keeps a fixed number of instances in flight, acknowledges the final reports, and
/// the part reads the process's CPU time and allocated bytes per instance and the dispatch → processor start latency.
/// A stand-in rather than a real server: a real one's store, scheduling and instance bookkeeping would dwarf the
/// worker's share in the same process; what remains here besides the worker is the server end of the wire
/// (serializing each runJob, reading two reports, answering the final one), the same before and after any worker change.
/// </summary>
public static class WorkerPart
{
    public sealed record Run(int Instances, double Seconds, double PerSecond, double CpuMicrosPerInstance, double AllocatedKBPerInstance,
        int Gen0Collections, Distribution StartLatencyMs, Distribution FinishLatencyMs, int NotSucceeded, int WithoutStartTime);

    public sealed record Figures(string Harness, int InFlight, int Instances, IReadOnlyList<Run> Runs, double CpuMicrosPerInstanceMin,
        double CpuMicrosPerInstanceMax, double AllocatedKBPerInstanceMin, double AllocatedKBPerInstanceMax);

    private const string ProcessorName = "bench-probe";

    public static async Task RunAsync(BenchSettings s, BenchReport report)
    {
        var (warmup, instances, rounds) = s.Quick ? (300, 1_000, 3) : (2_000, 10_000, 5);
        var inFlight = s.TriggerConcurrency;
        Console.WriteLine($"worker: one worker, {rounds} rounds of {instances:N0} STANDALONE instances, {inFlight} in flight ...");
        var probe = new Probe(warmup + instances * rounds + 1);
        await using var server = await StandInServer.StartAsync(probe);
        var worker = await WorkerNode.StartAsync(new WorkerOptions
        {
            AppName = "bench-worker", ServerAddresses = [server.WebAddress], Protocol = Protocol.Akka, Port = 0, BindHostname = "127.0.0.1",
            HealthReportInterval = TimeSpan.FromSeconds(1),
        }, services =>
        {
            services.Configure<LoggerFilterOptions>(o => o.MinLevel = Environment.GetEnvironmentVariable("BENCH_LOG") == "info" ? LogLevel.Information : LogLevel.Warning);
            services.AddSingleton(probe);
            services.AddPowerJobProcessor<ProbeProcessor>(ProcessorName);
        });
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var health = await worker.HealthAsync(ready.Token);
            while (!health.Ready)
            {
                await Task.Delay(50, ready.Token);
                health = await worker.HealthAsync(ready.Token);
            }
            var driver = new Driver(server, probe, health.WorkerAddress, inFlight, s.Deadline);
            await driver.RunAsync(warmup);
            var runs = new List<Run>();
            using (var sampler = AllocationSampler.FromEnvironment())
            {
                for (var round = 0; round < rounds; round++) runs.Add(await driver.MeasureAsync(instances));
                sampler?.Print(instances * rounds);
            }
            var figures = new Figures("real WorkerNode (AKKA) fed by a stand-in server over Akka.Remote on loopback, same process", inFlight, instances, runs,
                runs.Min(r => r.CpuMicrosPerInstance), runs.Max(r => r.CpuMicrosPerInstance),
                runs.Min(r => r.AllocatedKBPerInstance), runs.Max(r => r.AllocatedKBPerInstance));
            if (runs.Any(r => r.NotSucceeded > 0 || r.WithoutStartTime > 0))
                throw new InvalidOperationException($"worker: instances not SUCCEED or whose final report has no start time: {string.Join(", ", runs.Select(r => $"{r.NotSucceeded}/{r.WithoutStartTime}"))}");
            report.Add("worker", figures, Table(figures));
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    private static Table Table(Figures f) => new($"6. What a STANDALONE instance costs a worker ({f.Instances:N0} no-op instances per round, {f.InFlight} in flight)",
        ["round", "instances/s", "CPU µs / instance", "KB allocated / instance", "gen-0 GCs", "runJob → processor start p50 / p99 ms", "runJob → final report p50 / p99 ms"],
        f.Runs.Select((r, i) => (IReadOnlyList<string>)
        [
            $"{i + 1}", Format.Num(r.PerSecond), Format.Num(r.CpuMicrosPerInstance), Format.Num(r.AllocatedKBPerInstance, 1), Format.Num(r.Gen0Collections),
            $"{Format.Ms(r.StartLatencyMs.P50)} / {Format.Ms(r.StartLatencyMs.P99)}", $"{Format.Ms(r.FinishLatencyMs.P50)} / {Format.Ms(r.FinishLatencyMs.P99)}",
        ]).ToList(),
        [
            $"Harness: {f.Harness}. CPU is the process's (all threads), allocation is GC.GetTotalAllocatedBytes(precise) over the round, both divided by the instances.",
            "Besides the worker, the process holds the server end of the wire: serializing each runJob, reading the final reports (a run this short sends no RUNNING: the first progress report is due 200 ms after the start) and answering them.",
            $"Range over the rounds: CPU {Format.Num(f.CpuMicrosPerInstanceMin)}–{Format.Num(f.CpuMicrosPerInstanceMax)} µs, allocation {Format.Num(f.AllocatedKBPerInstanceMin, 1)}–{Format.Num(f.AllocatedKBPerInstanceMax, 1)} KB per instance.",
        ]);

    /// <summary>Keeps <c>inFlight</c> runJob requests outstanding; an instance leaves the window with its final report.</summary>
    private sealed class Driver(StandInServer server, Probe probe, string workerAddress, int inFlight, TimeSpan deadline)
    {
        private long _nextId;

        public async Task RunAsync(int count)
        {
            var from = _nextId;
            _nextId += count;
            using var window = new SemaphoreSlim(inFlight);
            probe.Window = window;
            using var timeout = new CancellationTokenSource(deadline);
            for (var id = from; id < from + count; id++)
            {
                await window.WaitAsync(timeout.Token);
                probe.Dispatched[id] = Stopwatch.GetTimestamp();
                server.Send(workerAddress, new ServerScheduleJobReq
                {
                    InstanceId = id, JobId = 1, ExecuteType = "STANDALONE", ProcessorInfo = ProcessorName, AllWorkerAddress = [workerAddress],
                    ThreadConcurrency = 5, Attempt = 1, DispatchToken = Probe.Token, ServerAddress = server.AkkaAddress,
                    InstanceTimeoutMS = 60_000,
                });
            }
            for (var i = 0; i < inFlight; i++) await window.WaitAsync(timeout.Token);
        }

        public async Task<Run> MeasureAsync(int count)
        {
            var from = _nextId;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var gen0 = GC.CollectionCount(0);
            var allocated = GC.GetTotalAllocatedBytes(true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await RunAsync(count);
            var wall = Stopwatch.GetElapsedTime(started);
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var bytes = GC.GetTotalAllocatedBytes(true) - allocated;
            var starts = new List<double>(count);
            var finishes = new List<double>(count);
            int notSucceeded = 0, withoutStartTime = 0;
            for (var id = from; id < from + count; id++)
            {
                if (probe.Started[id] > 0) starts.Add(Ms(probe.Started[id] - probe.Dispatched[id]));
                finishes.Add(Ms(probe.Finished[id] - probe.Dispatched[id]));
                if (probe.Status[id] != (int)InstanceStatus.Succeed) notSucceeded++;
                if (probe.StartTime[id] <= 0) withoutStartTime++;
            }
            return new Run(count, Math.Round(wall.TotalSeconds, 2), Math.Round(count / wall.TotalSeconds), Math.Round(cpuUsed.TotalMicroseconds / count, 1),
                Math.Round(bytes / 1024.0 / count, 2), GC.CollectionCount(0) - gen0, Distribution.Of(starts), Distribution.Of(finishes), notSucceeded, withoutStartTime);
        }

        private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>What happened to each instance (indexed by instance id), filled by the processor and the stand-in server.</summary>
    public sealed class Probe(int capacity)
    {
        public const string Token = "bench-dispatch-token";
        public long[] Dispatched { get; } = new long[capacity];
        public long[] Started { get; } = new long[capacity];
        public long[] Finished { get; } = new long[capacity];
        public int[] Status { get; } = new int[capacity];
        public long[] StartTime { get; } = new long[capacity];
        public SemaphoreSlim? Window { get; set; }
    }

    /// <summary>The no-op processor: notes when it started.</summary>
    public sealed class ProbeProcessor(Probe probe) : IBasicProcessor
    {
        public Task<ProcessResult> ProcessAsync(TaskContext context)
        {
            probe.Started[context.InstanceId] = Stopwatch.GetTimestamp();
            return Task.FromResult(ProcessResult.Ok());
        }
    }

    private sealed class StandInServer : IAsyncDisposable
    {
        private readonly ActorSystem _system;
        private readonly ServerTransportHost _host;
        private readonly WebApplication _web;
        private readonly IActorRef _selection;

        private StandInServer(ActorSystem system, ServerTransportHost host, WebApplication web, IActorRef selection, string akkaAddress)
        {
            _system = system;
            _host = host;
            _web = web;
            _selection = selection;
            AkkaAddress = akkaAddress;
            WebAddress = $"127.0.0.1:{KestrelBinding.BoundPort(web.Services.GetRequiredService<IServer>())}";
        }

        public string AkkaAddress { get; }
        public string WebAddress { get; }

        public static async Task<StandInServer> StartAsync(Probe probe)
        {
            var options = new ServerOptions
            {
                AkkaPort = 0, HttpPort = 0, WebPort = 0, ClusterPort = 0, BindHostname = "127.0.0.1", ActiveProtocols = [Protocol.Akka],
                MainProtocol = Protocol.Akka,
            };
            var system = ActorSystem.Create("bench-stand-in-server", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
            var handler = system.ActorOf(Props.Create(typeof(ServerActor), probe), "server");
            var host = new ServerTransportHost(options, new HttpClient());
            var selection = system.ActorOf(ProtocolSelectionActor.Props(host), "protocol-selection");
            var started = await selection.Ask<TransportsStarted>(
                new StartTransports(options.ActiveProtocols, new Dictionary<string, IActorRef> { ["server"] = handler }), TimeSpan.FromSeconds(30));
            var akka = started.Endpoints.Single(e => e.Purpose == BoundEndpoint.AkkaTransport).AdvertisedAddress;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var web = builder.Build();
            web.MapGet("/server/assert", () => Results.Json(new { success = true, data = 1L }));
            web.MapGet("/server/acquire", () => Results.Json(new { success = true, data = akka }));
            await web.StartAsync();
            return new StandInServer(system, host, web, selection, akka);
        }

        public void Send(string workerAddress, IPowerJobWire message) =>
            _selection.Tell(new SendToRemote(new RemoteTarget(Protocol.Akka, workerAddress, NodeRole.Worker), message));

        public async ValueTask DisposeAsync()
        {
            await _web.StopAsync();
            await _web.DisposeAsync();
            await _host.StopAsync();
            await _system.Terminate();
        }
    }

    /// <summary>The stand-in server's <c>server</c> root: accepts heartbeats, acknowledges and notes final reports.</summary>
    private sealed class ServerActor : ReceiveActor
    {
        public ServerActor(Probe probe)
        {
            Receive<WorkerHeartbeat>(_ => Sender.Tell(new HeartbeatReply(true, PowerJobVersion.Current, null)));
            Receive<TaskTrackerReportInstanceStatusReq>(r =>
            {
                if (r.DispatchToken != Probe.Token || r.Attempt != 1)
                {
                    Sender.Tell(AskResponse.Fail($"wrong dispatch token or attempt on instance {r.InstanceId}"));
                    return;
                }
                var status = (InstanceStatus)r.InstanceStatus;
                if (!status.IsFinal()) return;
                Sender.Tell(AskResponse.Ok());
                if (probe.Finished[r.InstanceId] != 0) return;
                probe.Finished[r.InstanceId] = Stopwatch.GetTimestamp();
                probe.Status[r.InstanceId] = r.InstanceStatus;
                probe.StartTime[r.InstanceId] = r.StartTime;
                probe.Window?.Release();
            });
            ReceiveAny(_ => { });
        }
    }
}
