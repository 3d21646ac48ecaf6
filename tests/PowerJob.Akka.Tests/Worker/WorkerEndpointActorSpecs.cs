using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Execution;

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

        // An unknown execute type fails the run at once: the tracker only has to report it.
        endpoint.Tell(new ServerScheduleJobReq
        {
            InstanceId = InstanceId, JobId = 1, Attempt = 1, ExecuteType = "NOT_A_TYPE", ProcessorInfo = "echo",
            AllWorkerAddress = [SelfAddress], ServerAddress = "127.0.0.1:9999",
        });
        var server = new RemoteTarget(Protocol.Http, "127.0.0.1:9999", NodeRole.Server);
        for (var i = 0; i < 2; i++)
        {
            connection.ExpectMsg<GetCurrentServer>(TimeSpan.FromSeconds(3));
            connection.Reply(new CurrentServer(server, 1, SelfAddress));
        }
        selection.ExpectMsg<SendToRemote>(s => s.Message is TaskTrackerReportInstanceStatusReq { InstanceStatus: (int)InstanceStatus.Running },
            TimeSpan.FromSeconds(3));
        var finalReport = selection.ExpectMsg<AskRemote>(TimeSpan.FromSeconds(3));
        Assert.Equal((int)InstanceStatus.Failed, Assert.IsType<TaskTrackerReportInstanceStatusReq>(finalReport.Message).InstanceStatus);
        var acknowledge = selection.LastSender;

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
        var selection = CreateTestProbe();
        var connection = CreateTestProbe();
        var processorTracker = CreateTestProbe();
        var options = new WorkerOptions { AppName = "endpoint-specs", Protocol = Protocol.Http };
        var peers = new WorkerPeers(options, await ReadinessAsync(selection), Registry(selection.Ref, processorTracker.Ref));
        var endpoint = Sys.ActorOf(WorkerEndpointActor.Props(options, peers, connection.Ref, processorTracker.Ref, TimeProvider.System), "worker");
        ServerScheduleJobReq Fire(long instanceId, DateTimeOffset due) => new()
        {
            InstanceId = instanceId, JobId = 1, Attempt = 1, ExecuteType = "NOT_A_TYPE", ProcessorInfo = "echo",
            AllWorkerAddress = [SelfAddress], ServerAddress = "127.0.0.1:9999", StartAt = due.ToUnixTimeMilliseconds(),
        };

        var stoppedDue = DateTimeOffset.UtcNow.AddMilliseconds(800);
        endpoint.Tell(Fire(InstanceId + 1, stoppedDue));
        endpoint.Tell(new ServerStopInstanceReq(InstanceId + 1));
        var due = DateTimeOffset.UtcNow.AddMilliseconds(1500);
        endpoint.Tell(Fire(InstanceId, due));

        // The first tracker to ask for its server is the fire that was not stopped, and not before its due time.
        connection.ExpectMsg<GetCurrentServer>(TimeSpan.FromSeconds(3));
        Assert.True(DateTimeOffset.UtcNow >= due, $"a fire started at {DateTimeOffset.UtcNow:O}, before the due time {due:O}");
        Assert.Equal($"instance-{InstanceId}-1", connection.LastSender.Path.Name);
        connection.Reply(new CurrentServer(new RemoteTarget(Protocol.Http, "127.0.0.1:9999", NodeRole.Server), 1, SelfAddress));
        var running = selection.ExpectMsg<SendToRemote>(TimeSpan.FromSeconds(3));
        Assert.Equal(InstanceId, Assert.IsType<TaskTrackerReportInstanceStatusReq>(running.Message).InstanceId);
        endpoint.Tell(new ServerQueryInstanceStatusReq(InstanceId + 1), TestActor);
        Assert.Contains("not running on this worker", ExpectMsg<AskResponse>(TimeSpan.FromSeconds(3)).Message);
    }

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
