using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// Wraps the server's store and times every call: how many, how long, and how many were in flight at once.
/// This is the profile of the store side of the hot path; the harness registers it in place of the real store.
/// With <paramref name="serializeWrites"/> (the <c>--experiment serial-writes</c> option) it also lets only one write
/// transaction reach SQLite at a time, queuing the others in-process, to measure what that fix would change.
/// </summary>
public sealed partial class StoreProfiler(IPowerJobStore inner, bool serializeWrites = false) : IPowerJobStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private sealed class Counter
    {
        public long Calls;
        public long Ticks;
        public long MaxTicks;
    }

    private readonly ConcurrentDictionary<string, Counter> _counters = new();
    private int _inFlight;
    private int _maxInFlight;
    private long _busySince;
    private long _busyTicks;

    /// <summary>Forgets what was counted so far (e.g. the warm-up).</summary>
    public void Reset()
    {
        _counters.Clear();
        Interlocked.Exchange(ref _maxInFlight, Volatile.Read(ref _inFlight));
        Interlocked.Exchange(ref _busyTicks, 0);
    }

    public StoreProfile Snapshot(TimeSpan wall) => new(
        _counters.OrderByDescending(c => c.Value.Ticks).Select(c => new StoreCall(c.Key, c.Value.Calls,
            Math.Round(Ms(c.Value.Ticks) / Math.Max(1, c.Value.Calls), 2), Math.Round(Ms(c.Value.MaxTicks), 1),
            Math.Round(Ms(c.Value.Ticks), 0))).ToList(),
        _maxInFlight,
        Math.Round(100 * Ms(Volatile.Read(ref _busyTicks)) / wall.TotalMilliseconds, 1));

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private async Task<T> Time<T>(Task<T> call, long started, [CallerMemberName] string name = "")
    {
        try { return await call.ConfigureAwait(false); }
        finally { Done(name, started); }
    }

    private async Task Time(Task call, long started, [CallerMemberName] string name = "")
    {
        try { await call.ConfigureAwait(false); }
        finally { Done(name, started); }
    }

    private Task<T> Write<T>(Func<Task<T>> write) => serializeWrites ? SerializedAsync(write) : write();

    private Task Write(Func<Task> write) => serializeWrites ? SerializedAsync(async () => { await write(); return true; }) : write();

    private async Task<T> SerializedAsync<T>(Func<Task<T>> write)
    {
        await _writer.WaitAsync().ConfigureAwait(false);
        try { return await write().ConfigureAwait(false); }
        finally { _writer.Release(); }
    }

    private long Begin()
    {
        var now = Stopwatch.GetTimestamp();
        var inFlight = Interlocked.Increment(ref _inFlight);
        if (inFlight == 1) Volatile.Write(ref _busySince, now);
        int max;
        while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max) { }
        return now;
    }

    private void Done(string name, long started)
    {
        var now = Stopwatch.GetTimestamp();
        if (Interlocked.Decrement(ref _inFlight) == 0) Interlocked.Add(ref _busyTicks, now - Volatile.Read(ref _busySince));
        var counter = _counters.GetOrAdd(name.Replace("Async", ""), _ => new Counter());
        var elapsed = now - started;
        Interlocked.Increment(ref counter.Calls);
        Interlocked.Add(ref counter.Ticks, elapsed);
        long max;
        while (elapsed > (max = Volatile.Read(ref counter.MaxTicks)) && Interlocked.CompareExchange(ref counter.MaxTicks, elapsed, max) != max) { }
    }

    public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);
    public Task PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
    public Task<AppRecord> SaveAppAsync(string appName, string passwordHash, CancellationToken ct = default) { var t = Begin(); return Time(Write(() => inner.SaveAppAsync(appName, passwordHash, ct)), t); }
    public Task<AppRecord?> InsertAppAsync(string appName, string passwordHash, CancellationToken ct = default) { var t = Begin(); return Time(Write(() => inner.InsertAppAsync(appName, passwordHash, ct)), t); }
    public Task<bool> ChangeAppPasswordAsync(long appId, string expectedHash, string newHash, CancellationToken ct = default) { var t = Begin(); return Time(Write(() => inner.ChangeAppPasswordAsync(appId, expectedHash, newHash, ct)), t); }
    public Task<AppRecord?> FindAppAsync(long id, CancellationToken ct = default) { var t = Begin(); return Time(inner.FindAppAsync(id, ct), t); }
    public Task<AppRecord?> FindAppByNameAsync(string name, CancellationToken ct = default) { var t = Begin(); return Time(inner.FindAppByNameAsync(name, ct), t); }
    public Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct = default) { var t = Begin(); return Time(inner.ListAppsAsync(ct), t); }
    public Task<long> InsertJobAsync(JobRecord job, CancellationToken ct = default) { var t = Begin(); return Time(Write(() => inner.InsertJobAsync(job, ct)), t); }
    public Task<bool> UpdateJobAsync(JobRecord job, CancellationToken ct = default) { var t = Begin(); return Time(Write(() => inner.UpdateJobAsync(job, ct)), t); }
    public Task<JobRecord?> FindJobAsync(long jobId, CancellationToken ct = default) { var t = Begin(); return Time(inner.FindJobAsync(jobId, ct), t); }
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(long appId, CancellationToken ct = default) { var t = Begin(); return Time(inner.ListJobsAsync(appId, ct), t); }
    public Task<bool> DeleteJobAsync(long jobId, CancellationToken ct = default) { var t = Begin(); return Time(Write(() => inner.DeleteJobAsync(jobId, ct)), t); }

    public Task<bool> ScheduleNextDelayAsync(long jobId, DateTimeOffset nextTriggerTime, CancellationToken ct = default)
    { var t = Begin(); return Time(Write(() => inner.ScheduleNextDelayAsync(jobId, nextTriggerTime, ct)), t); }

    public Task<bool> SetJobEnabledAsync(long jobId, bool enabled, DateTimeOffset? nextTriggerTime, CancellationToken ct = default)
    { var t = Begin(); return Time(Write(() => inner.SetJobEnabledAsync(jobId, enabled, nextTriggerTime, ct)), t); }

    public Task<IReadOnlyList<JobRecord>> ListSchedulableJobsAsync(long appId, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.ListSchedulableJobsAsync(appId, ct), t); }

    public Task<bool> RescheduleJobAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? nextTriggerTime, CancellationToken ct = default)
    { var t = Begin(); return Time(Write(() => inner.RescheduleJobAsync(jobId, expectedNextTriggerTime, nextTriggerTime, ct)), t); }

    public Task<OwnerEpoch> TakeOwnerEpochAsync(long appId, CancellationToken ct = default)
    { var t = Begin(); return Time(Write(() => inner.TakeOwnerEpochAsync(appId, ct)), t); }

    public Task<InstanceRecord?> FireAsync(long jobId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? newNextTriggerTime,
        InstanceRecord instance, CancellationToken ct = default, OwnerEpoch? owner = null,
        IReadOnlyList<StatusChange>? transitions = null)
    { var t = Begin(); return Time(Write(() => inner.FireAsync(jobId, expectedNextTriggerTime, newNextTriggerTime, instance, ct, owner, transitions)), t); }

    public Task<InstanceRecord> InsertInstanceAsync(InstanceRecord instance, string? note, CancellationToken ct = default, OwnerEpoch? owner = null,
        IReadOnlyList<StatusChange>? transitions = null)
    { var t = Begin(); return Time(Write(() => inner.InsertInstanceAsync(instance, note, ct, owner, transitions)), t); }

    public Task<InstanceRecord?> FindInstanceAsync(long instanceId, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.FindInstanceAsync(instanceId, ct), t); }

    public Task<bool> UpdateInstanceAsync(InstanceRecord updated, InstanceStatus expectedStatus, int expectedAttempt, string? note,
        CancellationToken ct = default, OwnerEpoch? owner = null, IReadOnlyList<StatusChange>? earlier = null)
    { var t = Begin(); return Time(Write(() => inner.UpdateInstanceAsync(updated, expectedStatus, expectedAttempt, note, ct, owner, earlier)), t); }

    public Task<IReadOnlyList<InstanceTransition>> ListTransitionsAsync(long instanceId, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.ListTransitionsAsync(instanceId, ct), t); }

    public Task<IReadOnlyList<InstanceRecord>> QueryInstancesAsync(InstanceQuery query, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.QueryInstancesAsync(query, ct), t); }

    public Task<long> CountInstancesAsync(InstanceQuery query, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.CountInstancesAsync(query, ct), t); }

    public Task<int> CountActiveInstancesAsync(long jobId, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.CountActiveInstancesAsync(jobId, ct), t); }

    public Task<IReadOnlyList<InstanceRecord>> ListActiveInstancesAsync(long appId, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.ListActiveInstancesAsync(appId, ct), t); }

    public Task AppendLogsAsync(IReadOnlyList<InstanceLogLine> lines, CancellationToken ct = default)
    { var t = Begin(); return Time(Write(() => inner.AppendLogsAsync(lines, ct)), t); }

    public Task<IReadOnlyList<InstanceLogLine>> ReadLogsAsync(long instanceId, CancellationToken ct = default)
    { var t = Begin(); return Time(inner.ReadLogsAsync(instanceId, ct), t); }

    public Task<CleanupCount> DeleteFinishedInstancesAsync(InstanceCleanup cleanup, CancellationToken ct = default)
    { var t = Begin(); return Time(Write(() => inner.DeleteFinishedInstancesAsync(cleanup, ct)), t); }

    public Task<int> DeleteFinishedInstanceLogsAsync(InstanceCleanup cleanup, CancellationToken ct = default)
    { var t = Begin(); return Time(Write(() => inner.DeleteFinishedInstanceLogsAsync(cleanup, ct)), t); }
}

/// <summary>Per store method: calls, mean and max ms, total ms; the most calls in flight at once; % of wall time with any call in flight.</summary>
public sealed record StoreProfile(IReadOnlyList<StoreCall> Calls, int MaxInFlight, double BusyPercent);

public sealed record StoreCall(string Method, long Calls, double MeanMs, double MaxMs, double TotalMs);
