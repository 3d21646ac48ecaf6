using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Apps;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Cluster;

/// <summary>
/// Two entities of one app against one store, as a partition or a slow shutdown could leave them: the one started
/// second takes a newer owner epoch, and the first one's fire claims and dispatches are refused, so it stops.
/// </summary>
[Collection(Support.TimingCollection.Name)]
public sealed class AppEntityFencingSpecs : TestKit, IAsyncLifetime
{
    private readonly Support.TempSqliteStore _temp = new("fenced");

    private SqliteStore _store => _temp.Store;
    private long _appId => _temp.AppId;

    public Task InitializeAsync() => _temp.InitializeAsync();

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task The_stale_entity_s_fire_claims_are_refused_and_it_stops_while_no_due_time_is_fired_twice()
    {
        var now = DateTimeOffset.UtcNow;
        var jobId = await _store.InsertJobAsync(new JobRecord
        {
            AppId = _appId, JobName = "tick", ProcessorInfo = "echo", TimeExpressionType = TimeExpressionType.Cron,
            TimeExpression = "*/1 * * * * *", NextTriggerTime = TruncateToSecond(now).AddSeconds(1), CreatedAt = now, UpdatedAt = now,
        });
        var first = StartEntity("first", CreateTestProbe());
        Assert.Equal(1, Locate(first).Epoch);
        await AwaitInstancesAsync(jobId, 2);

        var second = StartEntity("second", CreateTestProbe());
        Watch(first);
        Assert.Equal(2, Locate(second).Epoch);
        ExpectTerminated(first, TimeSpan.FromSeconds(5));
        var before = (await InstancesAsync(jobId)).Count;
        await AwaitInstancesAsync(jobId, before + 2);
        Sys.Stop(second);

        var due = (await InstancesAsync(jobId)).Select(i => i.ExpectedTriggerTime).ToList();
        Assert.Equal(due.Count, due.Distinct().Count());
    }

    [Fact]
    public async Task The_stale_entity_s_dispatch_is_refused_and_the_new_entity_dispatches_the_instance()
    {
        var jobId = await _store.InsertJobAsync(new JobRecord
        {
            AppId = _appId, JobName = "run", ProcessorInfo = "echo", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        var firstTransport = CreateTestProbe();
        var first = StartEntity("first", firstTransport);
        first.Tell(Heartbeat("10.0.0.1:27777"));
        ExpectMsg<AppLocation>();
        first.Tell(new RunJobRequest(_appId, jobId, "p", 1500));
        var instanceId = ExpectMsg<InstanceCreated>().InstanceId;

        var secondTransport = CreateTestProbe();
        var second = StartEntity("second", secondTransport);
        second.Tell(Heartbeat("10.0.0.2:27777"));
        Assert.Equal(2, ExpectMsg<AppLocation>().Epoch);
        Watch(first);

        ExpectTerminated(first, TimeSpan.FromSeconds(10));
        firstTransport.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var dispatch = secondTransport.ExpectMsg<SendToRemote>(TimeSpan.FromSeconds(10));
        Assert.Equal("10.0.0.2:27777", dispatch.Target.HostPort);
        Assert.Equal(instanceId, Assert.IsType<ServerScheduleJobReq>(dispatch.Message).InstanceId);
        var stored = (await _store.FindInstanceAsync(instanceId))!;
        Assert.Equal((InstanceStatus.WaitingWorkerReceive, 1, "10.0.0.2:27777"), (stored.Status, stored.Attempt, stored.TaskTrackerAddress));
    }

    private IActorRef StartEntity(string name, TestProbe transport)
    {
        var options = new ServerOptions
        {
            ReceiveTimeout = TimeSpan.FromSeconds(30), ReportTimeout = TimeSpan.FromSeconds(30), WorkerGracePeriod = TimeSpan.FromMilliseconds(300),
        };
        var settings = new AppEntitySettings(_store, TimeProvider.System, options, () => transport.Ref, _ => "127.0.0.1:10010",
            () => new PeerPong("127.0.0.1", 10087, $"{name}:7700", null, "127.0.0.1:10010"), $"akka.tcp://powerjob-cluster@{name}:10087");
        return Sys.ActorOf(AppActor.Props(_appId, settings), name);
    }

    private AppLocation Locate(IActorRef entity)
    {
        entity.Tell(new WhereIsApp(_appId));
        return ExpectMsg<AppLocation>(TimeSpan.FromSeconds(5));
    }

    private WorkerHeartbeat Heartbeat(string address) => _temp.Signed(new WorkerHeartbeat
    {
        WorkerAddress = address, AppName = "fenced", AppId = _appId, Protocol = "HTTP", Runtime = WorkerHeartbeat.PowerJobAkkaRuntime,
        Version = PowerJob.Akka.Versioning.PowerJobVersion.Current, Processors = ["echo"],
    }, DateTimeOffset.UtcNow);

    private async Task<IReadOnlyList<InstanceRecord>> InstancesAsync(long jobId) =>
        await _store.QueryInstancesAsync(new InstanceQuery(_appId, jobId, Limit: 1000));

    private async Task AwaitInstancesAsync(long jobId, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await InstancesAsync(jobId)).Count < count)
        {
            Assert.False(cts.IsCancellationRequested, $"fewer than {count} instances of job {jobId} within 10 s");
            await Task.Delay(50);
        }
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
