using System.Diagnostics;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Worker;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessorTrackerLossCollection : ICollectionFixture<ProcessorTrackerLossServer>
{
    public const string Name = "processor tracker loss";
}

/// <summary>A fake server for specs that stop workers; each spec starts (and stops) its own workers.</summary>
public sealed class ProcessorTrackerLossServer : IAsyncLifetime
{
    public static readonly TimeSpan ProcessorTrackerTimeout = TimeSpan.FromSeconds(1.5);
    private static long _nextInstanceId = 50_000;

    public FakeServer Server { get; private set; } = null!;
    public ProcessorObservations Observations { get; } = new();

    public async Task InitializeAsync() => Server = await FakeServer.StartAsync();

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();

    public long NextInstanceId() => Interlocked.Increment(ref _nextInstanceId);

    public async Task<List<(WorkerNode Node, string Address)>> StartWorkersAsync(Protocol protocol, int count) =>
        (await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            FakeServer.StartWorkerAsync(Server.WorkerOptions(protocol) with { ProcessorTrackerTimeout = ProcessorTrackerTimeout }, Observations)))).ToList();
}

[Collection(ProcessorTrackerLossCollection.Name)]
public class ProcessorTrackerLossSpecs(ProcessorTrackerLossServer fixture)
{
    private const int Chunks = 300;

    [Theory]
    [InlineData(Protocol.Akka)]
    [InlineData(Protocol.Http)]
    public async Task A_worker_stopped_mid_run_is_taken_as_lost_and_its_sub_tasks_finish_on_the_others(Protocol protocol)
    {
        var workers = await fixture.StartWorkersAsync(protocol, 3);
        var stopped = new HashSet<int>();
        try
        {
            var addresses = workers.Select(w => w.Address).ToList();
            var job = new ServerScheduleJobReq
            {
                InstanceId = fixture.NextInstanceId(), JobId = 8, ExecuteType = WireEnum.Name(ExecuteType.MapReduce), ProcessorInfo = "slow-sum",
                InstanceParams = (Chunks * SumProcessor.ChunkSize).ToString(), JobParams = "40", AllWorkerAddress = addresses,
                ThreadConcurrency = 2, TaskRetryNum = 0, InstanceTimeoutMS = 60_000, Attempt = 1, ServerAddress = fixture.Server.TransportAddress(protocol),
            };
            var victim = addresses[1];
            fixture.Observations.HoldSubTasksOn(victim);
            fixture.Server.Send(protocol, addresses[0], job);
            await TestNodes.EventuallyAsync(() => Task.FromResult(fixture.Observations.CallsByWorker(job.InstanceId).GetValueOrDefault(victim)),
                n => n >= job.ThreadConcurrency, TimeSpan.FromSeconds(20));

            var clock = Stopwatch.StartNew();
            stopped.Add(1);
            await workers[1].Node.DisposeAsync();
            Assert.Empty(fixture.Server.Received.OfType<TaskTrackerReportInstanceStatusReq>(
                r => r.InstanceId == job.InstanceId && ((InstanceStatus)r.InstanceStatus).IsFinal()));
            var final = await fixture.Server.Received.WaitForAsync<TaskTrackerReportInstanceStatusReq>(
                r => r.InstanceId == job.InstanceId && ((InstanceStatus)r.InstanceStatus).IsFinal(), TimeSpan.FromSeconds(20));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed} after the worker stopped");
            Assert.Equal((int)InstanceStatus.Succeed, final.InstanceStatus);
            var n = (long)Chunks * SumProcessor.ChunkSize;
            Assert.Equal((n * (n + 1) / 2).ToString(), final.Result);
            Assert.Equal((1 + Chunks + 1, 1 + Chunks + 1, 0), (final.TotalTaskNum, final.SucceedTaskNum, final.FailedTaskNum));
            // Sub-tasks the stopped worker had started but never reported ran again elsewhere.
            var calls = fixture.Observations.CallsByWorker(job.InstanceId);
            Assert.True(calls.Values.Sum() > Chunks, $"{calls.Values.Sum()} sub-task runs for {Chunks} sub-tasks");
            Assert.True(calls.GetValueOrDefault(addresses[0]) > 0 && calls.GetValueOrDefault(addresses[2]) > 0);
        }
        finally
        {
            for (var i = 0; i < workers.Count; i++)
                if (!stopped.Contains(i)) await workers[i].Node.DisposeAsync();
        }
    }
}
