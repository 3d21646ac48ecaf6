using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Cluster;

/// <summary>The app entity on its own (no cluster): what it does when it starts where another server ran the app.</summary>
public sealed class AppEntitySpecs : TestKit, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly Support.TempSqliteStore _temp = new("billing");

    private SqliteStore _store => _temp.Store;
    private long _appId => _temp.AppId;

    public Task InitializeAsync() => _temp.InitializeAsync();

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task An_instance_left_running_by_a_lost_server_times_out_and_is_retried_on_a_live_worker()
    {
        var jobId = await _store.InsertJobAsync(new JobRecord
        {
            AppId = _appId, JobName = "run", ProcessorInfo = "echo", InstanceRetryNum = 1, CreatedAt = T0, UpdatedAt = T0,
        });
        var left = await _store.InsertInstanceAsync(new InstanceRecord
        {
            JobId = jobId, AppId = _appId, Status = InstanceStatus.Running, Attempt = 1, RunningTimes = 1, TaskTrackerAddress = "10.0.0.9:27777",
            ExpectedTriggerTime = T0, ActualTriggerTime = T0, CreatedAt = T0, UpdatedAt = T0,
        }, "dispatched by the lost server");
        var transport = CreateTestProbe();
        var entity = StartEntity(transport);
        entity.Tell(Heartbeat("10.0.0.2:27777"));
        Assert.Equal(1, ExpectMsg<AppLocation>().Epoch);
        _time.Advance(TimeSpan.FromSeconds(1));

        var dispatch = transport.ExpectMsg<SendToRemote>(TimeSpan.FromSeconds(10));
        var request = Assert.IsType<ServerScheduleJobReq>(dispatch.Message);
        Assert.Equal(("10.0.0.2:27777", left.InstanceId, 2), (dispatch.Target.HostPort, request.InstanceId, request.Attempt));
        var stored = (await _store.FindInstanceAsync(left.InstanceId))!;
        Assert.Equal((InstanceStatus.WaitingWorkerReceive, 2, T0.AddSeconds(1)), (stored.Status, stored.Attempt, stored.ActualTriggerTime));
        var notes = (await _store.ListTransitionsAsync(left.InstanceId)).Select(t => t.Note).ToList();
        Assert.Contains(notes, n => n is not null && n.StartsWith("attempt 1 failed (worker 10.0.0.9:27777 did not report", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_takeover_an_app_whose_only_known_worker_is_dead_waits_for_a_live_one_instead_of_failing()
    {
        var jobId = await _store.InsertJobAsync(new JobRecord { AppId = _appId, JobName = "run", ProcessorInfo = "echo", CreatedAt = T0, UpdatedAt = T0 });
        var transport = CreateTestProbe();
        var entity = StartEntity(transport, workerGrace: TimeSpan.FromMinutes(5));
        entity.Tell(Heartbeat("10.0.0.9:27777"));
        ExpectMsg<AppLocation>();
        entity.Tell(new GetAppWorkers(_appId));
        Assert.True(Assert.Single(ExpectMsg<AppWorkers>().Workers).Alive);
        _time.Advance(TimeSpan.FromMinutes(2));
        entity.Tell(new GetAppWorkers(_appId));
        Assert.False(Assert.Single(ExpectMsg<AppWorkers>().Workers).Alive);

        entity.Tell(new RunJobRequest(_appId, jobId, null, 0));
        var instanceId = ExpectMsg<InstanceCreated>(TimeSpan.FromSeconds(5)).InstanceId;
        transport.ExpectNoMsg(TimeSpan.FromSeconds(2.5));
        Assert.Equal(InstanceStatus.WaitingDispatch, (await _store.FindInstanceAsync(instanceId))!.Status);

        entity.Tell(Heartbeat("10.0.0.2:27777"));
        var dispatch = transport.ExpectMsg<SendToRemote>(TimeSpan.FromSeconds(10));
        Assert.Equal(("10.0.0.2:27777", instanceId), (dispatch.Target.HostPort, Assert.IsType<ServerScheduleJobReq>(dispatch.Message).InstanceId));
    }

    [Fact]
    public async Task An_attempt_its_worker_never_confirms_fails_at_the_receive_timeout_and_one_that_stops_reporting_at_the_report_timeout()
    {
        var jobId = await _store.InsertJobAsync(new JobRecord
        {
            AppId = _appId, JobName = "run", ProcessorInfo = "echo", InstanceRetryNum = 2, CreatedAt = T0, UpdatedAt = T0,
        });
        var transport = CreateTestProbe();
        // Timeouts several times the test's own pace (a report every 250 ms), so a loaded machine's stall of the test
        // thread does not pass for a silent worker.
        var entity = StartEntity(transport, receiveTimeout: TimeSpan.FromSeconds(1), reportTimeout: TimeSpan.FromSeconds(2));
        entity.Tell(Heartbeat("10.0.0.2:27777"));
        ExpectMsg<AppLocation>();
        entity.Tell(new RunJobRequest(_appId, jobId, null, 0));
        var instanceId = ExpectMsg<InstanceCreated>(TimeSpan.FromSeconds(5)).InstanceId;

        // Attempt 1 is never confirmed: it fails at the receive timeout and goes again.
        Assert.Equal(1, Assert.IsType<ServerScheduleJobReq>(transport.ExpectMsg<SendToRemote>(TimeSpan.FromSeconds(5)).Message).Attempt);
        var second = Assert.IsType<ServerScheduleJobReq>(transport.FishForMessage<SendToRemote>(m => m.Message is ServerScheduleJobReq,
            TimeSpan.FromSeconds(5)).Message);
        Assert.Equal(2, second.Attempt);

        // Attempt 2 is confirmed and reported for longer than the report timeout, then its worker falls silent.
        var silentFrom = DateTimeOffset.UtcNow;
        for (var report = 0; report < 10; report++)
        {
            silentFrom = DateTimeOffset.UtcNow;
            entity.Tell(new AppInstanceReport(_appId, new TaskTrackerReportInstanceStatusReq
            {
                JobId = jobId, InstanceId = instanceId, InstanceStatus = (int)InstanceStatus.Running, Attempt = 2, StartTime = T0.ToUnixTimeMilliseconds(),
                ReportTime = T0.ToUnixTimeMilliseconds() + report, SourceAddress = "10.0.0.2:27777", DispatchToken = second.DispatchToken,
            }), TestActor);
            Assert.True(ExpectMsg<AskResponse>(TimeSpan.FromSeconds(5)).Success);
            transport.ExpectNoMsg(TimeSpan.FromMilliseconds(250));
        }
        var third = Assert.IsType<ServerScheduleJobReq>(transport.FishForMessage<SendToRemote>(m => m.Message is ServerScheduleJobReq,
            TimeSpan.FromSeconds(5)).Message);
        Assert.Equal(3, third.Attempt);
        Assert.True(DateTimeOffset.UtcNow - silentFrom >= TimeSpan.FromSeconds(2), "attempt 2 failed before its worker was silent for the report timeout");

        var notes = (await _store.ListTransitionsAsync(instanceId)).Select(t => t.Note).OfType<string>().ToList();
        Assert.Contains(notes, n => n.StartsWith("attempt 1 failed (worker 10.0.0.2:27777 did not confirm attempt 1 within 1 s)", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("attempt 2 failed (worker 10.0.0.2:27777 stopped reporting for 2 s (lost?))", StringComparison.Ordinal));
    }

    [Fact]
    public void The_entity_of_an_app_not_in_the_store_asks_its_shard_to_passivate_it()
    {
        ChildActorOf(AppActor.Props(_appId + 1000, Settings(CreateTestProbe())));
        Assert.IsType<PoisonPill>(ExpectMsg<global::Akka.Cluster.Sharding.Passivate>(TimeSpan.FromSeconds(5)).StopMessage);
    }

    private IActorRef StartEntity(TestProbe transport, TimeSpan? workerGrace = null, TimeSpan? receiveTimeout = null, TimeSpan? reportTimeout = null) =>
        Sys.ActorOf(AppActor.Props(_appId, Settings(transport, workerGrace, receiveTimeout, reportTimeout)), "billing");

    private AppEntitySettings Settings(TestProbe transport, TimeSpan? workerGrace = null, TimeSpan? receiveTimeout = null, TimeSpan? reportTimeout = null)
    {
        var options = new ServerOptions
        {
            ReceiveTimeout = receiveTimeout ?? TimeSpan.FromSeconds(30), ReportTimeout = reportTimeout ?? TimeSpan.FromMilliseconds(300),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            WorkerGracePeriod = workerGrace ?? TimeSpan.Zero, WorkerTimeout = TimeSpan.FromSeconds(60),
        };
        return new AppEntitySettings(_store, _time, options, () => transport.Ref, _ => "127.0.0.1:10010",
            () => new PeerPong("127.0.0.1", 10087, "127.0.0.1:7700", null, "127.0.0.1:10010"), "akka.tcp://powerjob-cluster@127.0.0.1:10087");
    }

    private WorkerHeartbeat Heartbeat(string address) => _temp.Signed(new WorkerHeartbeat
    {
        WorkerAddress = address, AppName = "billing", AppId = _appId, Protocol = "HTTP", Runtime = WorkerHeartbeat.PowerJobAkkaRuntime,
        Version = PowerJob.Akka.Versioning.PowerJobVersion.Current, Processors = ["echo"],
    }, _time.GetUtcNow());
}
