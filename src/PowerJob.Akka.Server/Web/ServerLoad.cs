using System.Collections.Concurrent;

namespace PowerJob.Akka.Server.Web;

/// <summary>
/// What this server holds in memory that grows with outside input — active instances and workers per app entity, log
/// lines waiting to be stored — next to their limits, shown in <c>/health</c> (<c>load</c>), so a flood and its
/// refusals are visible without reading logs. Written by the actors that own the maps; thread-safe.
/// </summary>
public sealed class ServerLoad(int maxActiveInstancesPerApp, int maxWorkersPerApp, int maxPendingLogLines)
{
    private readonly ConcurrentDictionary<long, int> _activeInstances = new();
    private readonly ConcurrentDictionary<long, int> _workers = new();
    private long _pendingLogLines, _droppedLogLines, _refusedRuns, _refusedHeartbeats;

    public int MaxActiveInstancesPerApp { get; } = maxActiveInstancesPerApp;
    public int MaxWorkersPerApp { get; } = maxWorkersPerApp;
    public int MaxPendingLogLines { get; } = maxPendingLogLines;

    public void ActiveInstances(long appId, int count) => _activeInstances[appId] = count;
    public void Workers(long appId, int count) => _workers[appId] = count;
    public void AppStopped(long appId)
    {
        _activeInstances.TryRemove(appId, out _);
        _workers.TryRemove(appId, out _);
    }

    public void PendingLogLines(long count) => Interlocked.Exchange(ref _pendingLogLines, count);
    public void DroppedLogLines(long count) => Interlocked.Add(ref _droppedLogLines, count);
    public void RunRefused() => Interlocked.Increment(ref _refusedRuns);
    public void HeartbeatRefused() => Interlocked.Increment(ref _refusedHeartbeats);

    public int ActiveInstancesOf(long appId) => _activeInstances.GetValueOrDefault(appId);
    public int WorkersOf(long appId) => _workers.GetValueOrDefault(appId);

    /// <summary>The <c>load</c> section of <c>/health</c>: per kind, the limit, the largest app, the total and what was refused.</summary>
    public object Snapshot() => new
    {
        instances = new
        {
            limitPerApp = MaxActiveInstancesPerApp, largestApp = Max(_activeInstances), total = _activeInstances.Values.Sum(),
            refusedRuns = Interlocked.Read(ref _refusedRuns),
            apps = _activeInstances.OrderBy(a => a.Key).ToDictionary(a => a.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), a => a.Value),
        },
        workers = new
        {
            limitPerApp = MaxWorkersPerApp, largestApp = Max(_workers), total = _workers.Values.Sum(),
            refusedHeartbeats = Interlocked.Read(ref _refusedHeartbeats),
            apps = _workers.OrderBy(a => a.Key).ToDictionary(a => a.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), a => a.Value),
        },
        logs = new { limit = MaxPendingLogLines, pending = Interlocked.Read(ref _pendingLogLines), dropped = Interlocked.Read(ref _droppedLogLines) },
    };

    private static int Max(ConcurrentDictionary<long, int> counts) => counts.IsEmpty ? 0 : counts.Values.Max();
}
