using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Worker;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerClusterCollection : ICollectionFixture<WorkerCluster>
{
    public const string Name = "worker cluster";
}

/// <summary>
/// One fake server serving AKKA and HTTP, and three workers per protocol on loopback, shared by the worker specs.
/// Every test uses its own instance ids, so they never see each other's reports.
/// </summary>
public sealed class WorkerCluster : IAsyncLifetime
{
    public const int WorkersPerProtocol = 3;
    private static long _nextInstanceId = 1000;
    private readonly Dictionary<Protocol, List<(WorkerNode Node, string Address)>> _workers = new();

    public FakeServer Server { get; private set; } = null!;
    public ProcessorObservations Observations { get; } = new();

    public async Task InitializeAsync()
    {
        Server = await FakeServer.StartAsync();
        foreach (var protocol in Protocols.All)
        {
            var started = await Task.WhenAll(Enumerable.Range(0, WorkersPerProtocol)
                .Select(_ => FakeServer.StartWorkerAsync(Server.WorkerOptions(protocol), Observations)));
            _workers[protocol] = started.ToList();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (node, _) in _workers.Values.SelectMany(w => w)) await node.DisposeAsync();
        await Server.DisposeAsync();
    }

    public IReadOnlyList<string> Addresses(Protocol protocol) => _workers[protocol].Select(w => w.Address).ToList();

    /// <summary>A runJob for a fresh instance, tracked by the protocol's first worker, over all its workers.</summary>
    public ServerScheduleJobReq Job(Protocol protocol, string processor, ExecuteType executeType, string? instanceParams = null) => new()
    {
        InstanceId = Interlocked.Increment(ref _nextInstanceId),
        JobId = 7,
        ExecuteType = WireEnum.Name(executeType),
        ProcessorInfo = processor,
        InstanceParams = instanceParams,
        AllWorkerAddress = Addresses(protocol),
        ThreadConcurrency = 4,
        Attempt = 3,
        ServerAddress = Server.TransportAddress(protocol),
    };

    public void Run(Protocol protocol, ServerScheduleJobReq job) => Server.Send(protocol, Addresses(protocol)[0], job);

    public async Task<TaskTrackerReportInstanceStatusReq> RunToEndAsync(Protocol protocol, ServerScheduleJobReq job, TimeSpan? timeout = null)
    {
        Run(protocol, job);
        return await FinalReportAsync(job.InstanceId, timeout ?? TimeSpan.FromSeconds(10));
    }

    public Task<TaskTrackerReportInstanceStatusReq> FinalReportAsync(long instanceId, TimeSpan timeout) =>
        Server.Received.WaitForAsync<TaskTrackerReportInstanceStatusReq>(
            r => r.InstanceId == instanceId && ((InstanceStatus)r.InstanceStatus).IsFinal(), timeout);

    public List<TaskTrackerReportInstanceStatusReq> Reports(long instanceId) =>
        Server.Received.OfType<TaskTrackerReportInstanceStatusReq>(r => r.InstanceId == instanceId);
}
