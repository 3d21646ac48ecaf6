using Microsoft.Extensions.Time.Testing;
using PowerJob.Akka.Worker.Execution;

namespace PowerJob.Akka.Tests.Worker;

public class TaskTableSpecs
{
    private static readonly string[] Workers = ["a:1", "b:1", "c:1"];
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Sub_tasks_go_round_robin_with_at_most_a_window_outstanding_per_worker()
    {
        var table = new TaskTable(Workers, window: 2, maxRetries: 0, _time);
        for (var i = 0; i < 10; i++) table.Add($"0.{i}", "t", null);

        var first = table.TakeDispatchable();
        Assert.Equal(6, first.Count);
        Assert.All(first.GroupBy(t => t.Worker), g => Assert.Equal(2, g.Count()));
        Assert.Empty(table.TakeDispatchable());

        Assert.True(table.Report(first[0].Id, true, "ok", first[0].Worker));
        var next = Assert.Single(table.TakeDispatchable());
        Assert.Equal(first[0].Worker, next.Worker);
        Assert.Equal((10, 1, 0), (table.Total, table.Succeeded, table.Failed));
    }

    [Fact]
    public void A_failed_sub_task_is_retried_on_another_worker_until_its_retries_run_out()
    {
        var table = new TaskTable(Workers, window: 5, maxRetries: 1, _time);
        table.Add("0.1", "t", null);
        var task = Assert.Single(table.TakeDispatchable());
        var firstWorker = task.Worker;

        Assert.True(table.Report("0.1", false, "boom", firstWorker));
        var retry = Assert.Single(table.TakeDispatchable());
        Assert.NotEqual(firstWorker, retry.Worker);
        Assert.Equal(1, retry.Retries);

        Assert.True(table.Report("0.1", false, "boom again", retry.Worker));
        Assert.Empty(table.TakeDispatchable());
        Assert.Equal((0, 1, 0), (table.Succeeded, table.Failed, table.Open));
        Assert.False(table.Report("0.1", true, "late", retry.Worker));
    }

    [Fact]
    public void An_unreachable_worker_is_skipped_for_a_while_and_a_task_fixed_to_it_fails_after_three_tries()
    {
        var table = new TaskTable(Workers, window: 5, maxRetries: 0, _time);
        table.Add("0.1", "broadcast", null, fixedWorker: "b:1");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var task = Assert.Single(table.TakeDispatchable());
            table.DispatchFailed(task.Id, "b:1", task.Generation, workerIsSelf: false, "connection refused");
            if (attempt < 3) Assert.Empty(table.TakeDispatchable());
            _time.Advance(TimeSpan.FromSeconds(4));
        }
        Assert.Equal(TrackedTaskState.Failed, table.Get("0.1")!.State);
        Assert.Contains("b:1 could not be reached: connection refused", table.Get("0.1")!.Result);

        table.Add("0.2", "t", null);
        table.DispatchFailed("0.2", "x", 0, false, "stale outcome of an older dispatch is ignored");
        Assert.Equal("a:1", Assert.Single(table.TakeDispatchable()).Worker);
    }

    [Fact]
    public void A_silent_worker_is_lost_its_tasks_go_elsewhere_without_a_retry_and_its_late_results_are_ignored()
    {
        var table = new TaskTable(Workers, window: 2, maxRetries: 0, _time);
        for (var i = 0; i < 4; i++) table.Add($"0.{i}", "t", null);
        table.Add("0.9", "broadcast", null, fixedWorker: "b:1");
        var first = table.TakeDispatchable();
        var onB = first.Where(t => t.Worker == "b:1" && t.FixedWorker is null).Select(t => t.Id).ToList();
        Assert.Single(onB);

        _time.Advance(TimeSpan.FromSeconds(1));
        table.Heard("c:1");
        Assert.Empty(table.ReclaimFromSilentWorkers(TimeSpan.FromSeconds(1.5), w => w == "a:1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(("b:1", 2), Assert.Single(table.ReclaimFromSilentWorkers(TimeSpan.FromSeconds(1.5), w => w == "a:1")));

        Assert.True(table.IsLost("b:1"));
        Assert.Equal(TrackedTaskState.Failed, table.Get("0.9")!.State);
        Assert.Contains("b:1 was lost", table.Get("0.9")!.Result);
        var onA = first.First(t => t.Worker == "a:1");
        Assert.True(table.Report(onA.Id, true, "ok", onA.Worker));
        var again = Assert.Single(table.TakeDispatchable());
        Assert.Equal((onB[0], 0), (again.Id, again.Retries));
        Assert.NotEqual("b:1", again.Worker);
        Assert.False(table.Report(again.Id, true, "late", "b:1"));
        Assert.True(table.Report(again.Id, true, "ok", again.Worker));
        Assert.False(table.Report(again.Id, true, "twice", again.Worker));

        Assert.True(table.Heard("b:1"));
        for (var i = 5; i < 8; i++) table.Add($"0.{i}", "t", null);
        Assert.Contains(table.TakeDispatchable(), t => t.Worker == "b:1");
    }
}
