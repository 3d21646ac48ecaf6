using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Execution;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Tests.Worker;

public class WorkerEndpointActorSpecs() : TestKit(GatedDispatcherConfig)
{
    // One thread shared by the endpoint and a blocker: while the blocker holds it, the endpoint's mailbox only fills.
    private const string GatedDispatcher = "gated-dispatcher";
    private const string GatedDispatcherConfig = """
        gated-dispatcher {
          type = ForkJoinDispatcher
          throughput = 100
          dedicated-thread-pool { thread-count = 1 }
        }
        """;
    private const string SelfAddress = "127.0.0.1:7777";
    private const long InstanceId = 42;

    [Fact]
    public async Task A_query_forwarded_before_the_endpoint_learns_the_tracker_finished_is_still_answered()
    {
        var selection = CreateTestProbe();
        var connection = CreateTestProbe();
        var processorTracker = CreateTestProbe();
        var options = new WorkerOptions { AppName = "endpoint-specs", Protocol = Protocol.Http };
        var peers = new WorkerPeers(options, await ReadinessAsync(selection), Registry(selection.Ref, processorTracker.Ref));
        var endpoint = Sys.ActorOf(WorkerEndpointActor.Props(options, peers, connection.Ref, processorTracker.Ref, TimeProvider.System)
            .WithDispatcher(GatedDispatcher), "worker");

        // An unknown execute type fails the run at once: the tracker only has to report it, and with its end alone
        // (no RUNNING before it), as the run ended before the first report was due.
        endpoint.Tell(new ServerScheduleJobReq
        {
            InstanceId = InstanceId, JobId = 1, Attempt = 1, ExecuteType = "NOT_A_TYPE", ProcessorInfo = "echo",
            AllWorkerAddress = [SelfAddress], ServerAddress = "127.0.0.1:9999",
        });
        var server = new RemoteTarget(Protocol.Http, "127.0.0.1:9999", NodeRole.Server);
        connection.ExpectMsg<GetCurrentServer>(TimeSpan.FromSeconds(3));
        connection.Reply(new CurrentServer(server, 1, SelfAddress));
        var finalReport = selection.ExpectMsg<AskRemote>(TimeSpan.FromSeconds(3));
        var failed = Assert.IsType<TaskTrackerReportInstanceStatusReq>(finalReport.Message);
        Assert.Equal((int)InstanceStatus.Failed, failed.InstanceStatus);
        Assert.InRange(failed.StartTime, 1, failed.ReportTime);
        var acknowledge = selection.LastSender;
        connection.ExpectNoMsg(TaskTrackerActor.FirstReportDelay * 2);

        // Hold the endpoint; queue a query for it, then let the tracker finish, so its TrackerFinished queues behind the query.
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Sys.ActorOf(Props.Create(() => new Blocker(entered, release)).WithDispatcher(GatedDispatcher)).Tell("block");
        Assert.True(entered.Wait(TimeSpan.FromSeconds(3)), "the blocker never got the gated thread");
        var asker = CreateTestProbe();
        try
        {
            endpoint.Tell(new ServerQueryInstanceStatusReq(InstanceId), asker.Ref);
            acknowledge.Tell(AskResponse.Ok());
            var mailbox = ((ActorRefWithCell)endpoint).Underlying;
            AwaitCondition(() => mailbox.NumberOfMessages >= 2, TimeSpan.FromSeconds(3));
        }
        finally
        {
            release.Set();
        }

        // The endpoint still routes the query to the tracker, whose run is over: the tracker must answer it.
        var reply = asker.ExpectMsg<AskResponse>(TimeSpan.FromSeconds(3));
        Assert.True(reply.Success, reply.Message);
        var detail = JsonSerializer.Deserialize<InstanceDetail>(reply.Data!, WireJson.Options)!;
        Assert.Equal((InstanceId, (int)InstanceStatus.Failed), (detail.InstanceId, detail.Status));

        // Then the endpoint stops the tracker, and the instance is no longer known here.
        asker.Watch(asker.LastSender);
        asker.ExpectTerminated(asker.LastSender, TimeSpan.FromSeconds(3));
        endpoint.Tell(new ServerQueryInstanceStatusReq(InstanceId), asker.Ref);
        Assert.Contains("not running on this worker", asker.ExpectMsg<AskResponse>(TimeSpan.FromSeconds(3)).Message);
    }

    [Fact]
    public async Task A_fire_sent_ahead_starts_at_its_due_time_and_one_stopped_before_it_never_starts()
    {
        var (endpoint, selection, connection, processorTracker) = await StartEndpointAsync();

        var stoppedDue = DateTimeOffset.UtcNow.AddMilliseconds(800);
        endpoint.Tell(FireAhead(InstanceId + 1, "NOT_A_TYPE", stoppedDue));
        endpoint.Tell(new ServerStopInstanceReq(InstanceId + 1));
        var due = DateTimeOffset.UtcNow.AddMilliseconds(1500);
        endpoint.Tell(FireAhead(InstanceId, "NOT_A_TYPE", due));

        // The first tracker to ask for its server is the fire that was not stopped, and not before its due time.
        connection.ExpectMsg<GetCurrentServer>(TimeSpan.FromSeconds(3));
        Assert.True(DateTimeOffset.UtcNow >= due, $"a fire started at {DateTimeOffset.UtcNow:O}, before the due time {due:O}");
        Assert.Equal($"instance-{InstanceId}-1", connection.LastSender.Path.Name);
        connection.Reply(new CurrentServer(new RemoteTarget(Protocol.Http, "127.0.0.1:9999", NodeRole.Server), 1, SelfAddress));
        var failed = Assert.IsType<TaskTrackerReportInstanceStatusReq>(selection.ExpectMsg<AskRemote>(TimeSpan.FromSeconds(3)).Message);
        Assert.Equal((InstanceId, (int)InstanceStatus.Failed), (failed.InstanceId, failed.InstanceStatus));
        endpoint.Tell(new ServerQueryInstanceStatusReq(InstanceId + 1), TestActor);
        Assert.Contains("not running on this worker", ExpectMsg<AskResponse>(TimeSpan.FromSeconds(3)).Message);
    }

    [Fact]
    public async Task A_standalone_fire_sent_ahead_waits_in_the_processor_tracker_and_its_tracker_sleeps_until_the_task_starts()
    {
        var (endpoint, selection, connection, processorTracker) = await StartEndpointAsync();

        // Both root tasks reach the processor tracker at once, each with its due time; neither tracker asks for its server.
        var due = DateTimeOffset.UtcNow.AddSeconds(30);
        endpoint.Tell(FireAhead(InstanceId, "STANDALONE", due));
        endpoint.Tell(FireAhead(InstanceId + 1, "STANDALONE", due));
        var sent = new[] { processorTracker.ExpectMsg<StartLocalTask>(TimeSpan.FromSeconds(3)), processorTracker.ExpectMsg<StartLocalTask>(TimeSpan.FromSeconds(3)) }
            .OrderBy(t => t.Request.InstanceInfo.InstanceId).ToList();
        Assert.Equal([(InstanceId, due.ToUnixTimeMilliseconds()), (InstanceId + 1, due.ToUnixTimeMilliseconds())],
            sent.Select(t => (t.Request.InstanceInfo.InstanceId, t.StartAt)));
        var first = sent[0];
        connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // Told its task started, a tracker reports RUNNING; stopped before, the other
        // takes its task back from the processor tracker and never starts.
        first.Tracker.Tell(new LocalTaskStarted(InstanceId, 1));
        connection.ExpectMsg<GetCurrentServer>(TimeSpan.FromSeconds(3));
        connection.Reply(new CurrentServer(new RemoteTarget(Protocol.Http, "127.0.0.1:9999", NodeRole.Server), 1, SelfAddress));
        var running = Assert.IsType<TaskTrackerReportInstanceStatusReq>(selection.ExpectMsg<SendToRemote>(TimeSpan.FromSeconds(3)).Message);
        Assert.Equal((InstanceId, (int)InstanceStatus.Running), (running.InstanceId, running.InstanceStatus));

        endpoint.Tell(new ServerStopInstanceReq(InstanceId + 1));
        processorTracker.FishForMessage(m => m is TaskTrackerStopInstanceReq { InstanceId: InstanceId + 1, Attempt: 1 }, TimeSpan.FromSeconds(3));

        // The started tracker goes on asking for its server at each progress report; the stopped one never asks.
        var askers = connection.ReceiveWhile<string>(TimeSpan.FromMilliseconds(1500), _ => connection.LastSender.Path.Name, int.MaxValue);
        Assert.DoesNotContain($"instance-{InstanceId + 1}-1", askers);
    }

    [Fact]
    public async Task Tasks_held_for_one_due_time_start_together_at_it_and_one_stopped_before_never_starts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var started = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var services = new ServiceCollection().AddSingleton(started).AddSingleton<ProcessorCatalog>()
            .AddPowerJobProcessor<StartRecorder>("record").BuildServiceProvider();
        var selection = CreateTestProbe();
        var processorTracker = CreateTestProbe();
        var options = new WorkerOptions { AppName = "endpoint-specs", Protocol = Protocol.Http };
        var peers = new WorkerPeers(options, await ReadinessAsync(selection), Registry(selection.Ref, processorTracker.Ref));
        var tracker = Sys.ActorOf(ProcessorTrackerActor.Props(options, peers, services.GetRequiredService<ProcessorCatalog>(), services,
            CreateTestProbe().Ref, time));
        var due = time.GetUtcNow().AddSeconds(1);
        var trackers = Enumerable.Range(1, 3).Select(_ => CreateTestProbe()).ToList();
        for (var i = 0; i < trackers.Count; i++)
            tracker.Tell(new StartLocalTask(new TaskTrackerStartTaskReq
            {
                TaskTrackerAddress = SelfAddress, TaskId = "0", TaskName = TaskContext.RootTaskName,
                InstanceInfo = new TaskInstanceInfo { InstanceId = InstanceId + i, JobId = 1, Attempt = 1, ExecuteType = "STANDALONE", ProcessorInfo = "record" },
            }, null, trackers[i].Ref, due.ToUnixTimeMilliseconds()));
        tracker.Tell(new TaskTrackerStopInstanceReq(InstanceId + 2, 1));

        time.Advance(TimeSpan.FromMilliseconds(999));
        trackers[0].ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Empty(started);

        time.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 2; i++)
        {
            trackers[i].ExpectMsg<LocalTaskStarted>(s => s.InstanceId == InstanceId + i, TimeSpan.FromSeconds(3));
            var report = trackers[i].ExpectMsg<LocalTaskReport>(TimeSpan.FromSeconds(3)).Report;
            Assert.Equal((InstanceId + i, ProcessorReportTaskStatusReq.Succeeded), (report.InstanceId, report.Status));
        }
        trackers[2].ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal([InstanceId, InstanceId + 1], started.Order());
    }

    private sealed class StartRecorder(System.Collections.Concurrent.ConcurrentQueue<long> started) : IBasicProcessor
    {
        public Task<ProcessResult> ProcessAsync(TaskContext context)
        {
            started.Enqueue(context.InstanceId);
            return Task.FromResult(ProcessResult.Ok());
        }
    }

    // An endpoint with probes for its transport (selection), its server connection and its processor tracker.
    private async Task<(IActorRef Endpoint, TestProbe Selection, TestProbe Connection, TestProbe ProcessorTracker)> StartEndpointAsync()
    {
        var selection = CreateTestProbe();
        var connection = CreateTestProbe();
        var processorTracker = CreateTestProbe();
        var options = new WorkerOptions { AppName = "endpoint-specs", Protocol = Protocol.Http };
        var peers = new WorkerPeers(options, await ReadinessAsync(selection), Registry(selection.Ref, processorTracker.Ref));
        var endpoint = Sys.ActorOf(WorkerEndpointActor.Props(options, peers, connection.Ref, processorTracker.Ref, TimeProvider.System), "worker");
        return (endpoint, selection, connection, processorTracker);
    }

    // A fire the server sent ahead of its due time.
    private static ServerScheduleJobReq FireAhead(long instanceId, string executeType, DateTimeOffset due) => new()
    {
        InstanceId = instanceId, JobId = 1, Attempt = 1, ExecuteType = executeType, ProcessorInfo = "echo",
        AllWorkerAddress = [SelfAddress], ServerAddress = "127.0.0.1:9999", StartAt = due.ToUnixTimeMilliseconds(),
    };

    private static async Task<TransportReadiness> ReadinessAsync(TestProbe selection)
    {
        var readiness = new TransportReadiness();
        var started = readiness.StartAsync(selection.Ref, [Protocol.Http], new Dictionary<string, IActorRef>(), TimeSpan.FromSeconds(3));
        selection.ExpectMsg<StartTransports>(TimeSpan.FromSeconds(3));
        selection.Reply(new TransportsStarted([new BoundEndpoint(BoundEndpoint.WorkerPort, "HTTP", "127.0.0.1", "127.0.0.1", 7777, "specs")]));
        await started;
        return readiness;
    }

    private ActorRegistry Registry(IActorRef selection, IActorRef processorTracker)
    {
        var registry = ActorRegistry.For(Sys);
        registry.Register<ProtocolSelectionActor>(selection);
        registry.Register<ProcessorTrackerActor>(processorTracker);
        return registry;
    }

    private sealed class Blocker : ReceiveActor
    {
        public Blocker(ManualResetEventSlim entered, ManualResetEventSlim release) => ReceiveAny(_ =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        });
    }
}
