using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Tests.Faults;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>
/// What an instance costs the store, end to end on a real server and workers: a runJob is stored already dispatched, a short
/// run's RUNNING goes with its final status, a job is read from the app's cache (dropped when the job changes), and a fire
/// claimed ahead has its attempt stored ahead but reaches its worker at its due time, not before.
/// </summary>
public class HotPathSpecs : SchedulingFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private FaultyStore _calls = null!;

    public override async Task InitializeAsync()
    {
        var options = ServerOptions() with { ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"pj-hot-{Guid.NewGuid():N}.db")}" };
        var (store, calls) = FaultyStore.Wrap(StoreFactory.Create(options.StorageProvider, options.ConnectionString));
        _calls = calls;
        Server = await Nodes.StartServerAsync(options, services => services.AddSingleton(store));
        AppId = await Nodes.RegisterAppAsync(Server, "billing");
        Api = new Support.OpenApiClient(Nodes.Http, Server);
    }

    [Theory]
    [InlineData("akka")]
    [InlineData("http")]
    public async Task A_short_run_costs_one_insert_and_one_update_and_keeps_all_four_transitions_in_order(string protocol)
    {
        await StartWorkerAsync(protocol);
        var jobId = await SaveJobAsync("echo", jobParams: "job-");
        var insertsBefore = Count("InsertInstanceAsync");
        var instanceId = await Api.RunJobAsync(AppId, jobId, "instance");

        var instance = await Api.AwaitStatusAsync(AppId, instanceId, 5, Wait);
        Assert.Equal("job-instance", instance.GetProperty("result").GetString());
        var transitions = instance.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(["WAITING_DISPATCH", "WAITING_WORKER_RECEIVE", "RUNNING", "SUCCEED"], transitions.Select(t => t.GetProperty("statusName").GetString()));
        var times = transitions.Select(t => t.GetProperty("at").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(1, Count("InsertInstanceAsync") - insertsBefore);
        Assert.Equal(1, Updates(instanceId));
    }

    [Fact]
    public async Task A_run_that_is_still_going_has_its_RUNNING_stored_on_its_own()
    {
        await StartWorkerAsync("akka");
        var jobId = await SaveJobAsync("pause", jobParams: "30000");
        var instanceId = await Api.RunJobAsync(AppId, jobId);

        await Api.AwaitStatusAsync(AppId, instanceId, (int)InstanceStatus.Running, Wait);
        Assert.Equal(1, Updates(instanceId));
        Assert.True((await Api.FormAsync("/openApi/stopInstance", ("appId", AppId), ("instanceId", instanceId))).Success);
        var stopped = await Api.AwaitStatusAsync(AppId, instanceId, (int)InstanceStatus.Stopped, Wait);
        Assert.Equal(["WAITING_DISPATCH", "WAITING_WORKER_RECEIVE", "RUNNING", "STOPPED"],
            stopped.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("statusName").GetString()));
    }

    [Fact]
    public async Task A_job_changed_just_before_a_run_is_run_as_changed()
    {
        await StartWorkerAsync("akka");
        var jobId = await SaveJobAsync("echo", jobParams: "before-");
        Assert.Equal("before-x", (await Api.AwaitStatusAsync(AppId, await Api.RunJobAsync(AppId, jobId, "x"), 5, Wait)).GetProperty("result").GetString());

        await Api.SaveJobAsync(new { id = jobId, appId = AppId, jobName = "echo", processorInfo = "echo", executeType = "STANDALONE",
            timeExpressionType = "API", jobParams = "after-" });
        Assert.Equal("after-x", (await Api.AwaitStatusAsync(AppId, await Api.RunJobAsync(AppId, jobId, "x"), 5, Wait)).GetProperty("result").GetString());

        Assert.True((await Api.FormAsync("/openApi/deleteJob", ("appId", AppId), ("jobId", jobId))).Success);
        var gone = await Api.FormAsync("/openApi/runJob", ("appId", AppId), ("jobId", jobId));
        Assert.False(gone.Success);
        Assert.Equal($"jobId {jobId} is unknown in app 'billing' (appId {AppId})", gone.Message);
    }

    [Fact]
    public async Task A_cron_fire_is_claimed_with_its_attempt_ahead_costs_one_update_and_starts_at_its_due_time_not_before()
    {
        var started = new StartTimes();
        await StartWorkerAsync("akka", services => services.AddSingleton(started).AddPowerJobProcessor<ClockProcessor>("clock"));
        var jobId = await SaveJobAsync("clock", type: "CRON", expression: "* * * * * *");

        var fired = await Support.TestNodes.EventuallyAsync(() => Api.InstancesOfJobAsync(AppId, jobId),
            list => list.Count(i => i.GetProperty("status").GetInt32() == 5) >= 5, Wait);
        Assert.True((await Api.FormAsync("/openApi/disableJob", ("appId", AppId), ("jobId", jobId))).Success);
        // The first fire is due as soon as the job is saved, so its claim may come after its due time; the later ones are
        // claimed ahead, unless the machine stalled past a claim's lead (a claim that ends late makes its fire late, and
        // the next one's claim then starts late too): most must be ahead, and each one claimed ahead was also dispatched then.
        var claimedAhead = 0;
        foreach (var summary in fired.Where(i => i.GetProperty("status").GetInt32() == 5).OrderBy(i => Ms(i, "expectedTriggerTime")).Skip(1))
        {
            var instance = await Api.InstanceAsync(AppId, summary.GetProperty("instanceId").GetInt64());
            var due = Ms(instance, "expectedTriggerTime");
            if (Ms(instance, "gmtCreate") < due)
            {
                claimedAhead++;
                var dispatched = instance.GetProperty("transitions").EnumerateArray()
                    .First(t => t.GetProperty("statusName").GetString() == "WAITING_WORKER_RECEIVE").GetProperty("at").GetInt64();
                Assert.True(dispatched < due, $"instance {summary}: claimed ahead, but its attempt was decided at {dispatched}, not ahead of its due time {due}");
                Assert.Equal(due, Ms(instance, "actualTriggerTime"));
            }
            Assert.Equal(1, Updates(instance.GetProperty("instanceId").GetInt64()));
            Assert.True(started.Of(instance.GetProperty("instanceId").GetInt64()) >= due,
                $"instance {summary}: the processor started at {started.Of(instance.GetProperty("instanceId").GetInt64())}, before its due time {due}");
        }
        Assert.True(claimedAhead >= 3, $"only {claimedAhead} of the fires after the first were claimed ahead of their due time");
    }

    private int Count(string method) => _calls.Snapshot().Count(c => c.Method == method);

    private int Updates(long instanceId) =>
        _calls.Snapshot().Count(c => c.Method == "UpdateInstanceAsync" && c.Args.OfType<InstanceRecord>().Any(r => r.InstanceId == instanceId));

    public sealed class StartTimes
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _started = new();
        public void Record(long instanceId) => _started.TryAdd(instanceId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        public long Of(long instanceId) => _started.TryGetValue(instanceId, out var at) ? at : throw new InvalidOperationException($"instance {instanceId} never started");
    }

    /// <summary>Records when it started, by the worker's clock (the same machine's as the server's).</summary>
    public sealed class ClockProcessor(StartTimes times) : IBasicProcessor
    {
        public Task<ProcessResult> ProcessAsync(TaskContext context)
        {
            times.Record(context.InstanceId);
            return Task.FromResult(ProcessResult.Ok("ticked"));
        }
    }
}
