using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Auth;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Logs;

/// <summary>
/// Stores the log lines workers report for their instances, in arrival order, keeping only the lines the job's
/// PowerJob <c>logConfig</c> asks for (its level; type NULL keeps none). Lines about an instance are kept only with a
/// dispatch token of one of its attempts (any server recomputes it from the app's stored hash), or without one when
/// <c>oms.auth.allow-unauthenticated-workers</c> accepts workers that cannot send it. Reports that arrive while a write
/// runs wait in a queue and are written together next; the queue holds at most <c>oms.log.max-pending-lines</c> lines —
/// a report beyond it is dropped (a log storm must not grow memory without limit), logged as a warning and counted in
/// <c>/health</c>. Instance results and statuses never go this way, only log lines.
/// </summary>
public sealed class InstanceLogWriterActor : ReceiveActor
{
    private sealed record Known(LogFilter Filter, long AppId);
    private sealed record Written(IReadOnlyDictionary<long, Known> Learned, IReadOnlyDictionary<long, (WorkerAuthentication, DateTimeOffset)> Apps);

    // Instance → its job's filter and app, learned from the store once per instance; bounded, as instances never end.
    private const int MaxKnown = 10_000;
    // Lines per store write: the queue is written in batches of about this size.
    private const int MaxBatchLines = 5000;
    // A changed app password reaches the token check this soon.
    private static readonly TimeSpan AppTtl = TimeSpan.FromSeconds(30);
    private readonly Dictionary<long, Known> _known = new();
    private readonly Dictionary<long, (WorkerAuthentication Auth, DateTimeOffset ReadAt)> _apps = new();
    private readonly Queue<WorkerLogReportReq> _queue = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IPowerJobStore _store;
    private readonly int _maxPending;
    private readonly ServerLoad? _load;
    private readonly bool _allowUnauthenticated;
    private readonly TimeProvider _time;
    private long _pending;
    private long _dropped;
    private bool _writing;

    public InstanceLogWriterActor(IPowerJobStore store, int maxPending, ServerLoad? load, bool allowUnauthenticated, TimeProvider time)
    {
        _store = store;
        _maxPending = maxPending;
        _load = load;
        _allowUnauthenticated = allowUnauthenticated;
        _time = time;
        Receive<WorkerLogReportReq>(Enqueue);
        Receive<Written>(written =>
        {
            if (_known.Count + written.Learned.Count > MaxKnown) _known.Clear();
            foreach (var (instanceId, known) in written.Learned) _known[instanceId] = known;
            if (_apps.Count + written.Apps.Count > MaxKnown) _apps.Clear();
            foreach (var (appId, app) in written.Apps) _apps[appId] = app;
            WriteNext();
        });
        Receive<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "could not store instance log lines: {0}", f.Cause.Message);
            WriteNext();
        });
    }

    public static Props Props(IPowerJobStore store, int maxPending = int.MaxValue, ServerLoad? load = null, bool allowUnauthenticated = false,
        TimeProvider? time = null) =>
        global::Akka.Actor.Props.Create(() => new InstanceLogWriterActor(store, maxPending, load, allowUnauthenticated, time ?? TimeProvider.System));

    private void Enqueue(WorkerLogReportReq report)
    {
        var lines = report.InstanceLogContents.Count;
        if (_pending + lines > _maxPending)
        {
            // Rare enough to log each time the count passes another limit's worth, so a storm is visible but not a second storm.
            var before = _dropped;
            _dropped += lines;
            _load?.DroppedLogLines(lines);
            if (before == 0 || before / _maxPending != _dropped / _maxPending)
                _log.Warning("dropped {0} log lines from worker {1}: {2} lines wait to be stored, the most kept ('{3}' = {4}); {5} dropped so far",
                    lines, report.WorkerAddress, _pending, ServerOptions.MaxPendingLogLinesKey, _maxPending, _dropped);
            return;
        }
        _queue.Enqueue(report);
        _pending += lines;
        _load?.PendingLogLines(_pending);
        if (!_writing) WriteNext();
    }

    private void WriteNext()
    {
        var batch = new List<WorkerLogReportReq>();
        var lines = 0;
        while (_queue.Count > 0 && (batch.Count == 0 || lines + _queue.Peek().InstanceLogContents.Count <= MaxBatchLines))
        {
            var report = _queue.Dequeue();
            batch.Add(report);
            lines += report.InstanceLogContents.Count;
        }
        _pending -= lines;
        _load?.PendingLogLines(_pending);
        _writing = batch.Count > 0;
        if (!_writing) return;
        var known = batch.SelectMany(r => r.InstanceLogContents).Select(c => c.InstanceId).Distinct()
            .Where(_known.ContainsKey).ToDictionary(id => id, id => _known[id]);
        var now = _time.GetUtcNow();
        var apps = _apps.Where(a => now - a.Value.ReadAt < AppTtl).ToDictionary(a => a.Key, a => a.Value.Auth);
        WriteAsync(batch, known, apps, now).PipeTo(Self);
    }

    private async Task<Written> WriteAsync(IReadOnlyList<WorkerLogReportReq> batch, IReadOnlyDictionary<long, Known> known,
        IReadOnlyDictionary<long, WorkerAuthentication> apps, DateTimeOffset now)
    {
        var learned = new Dictionary<long, Known>();
        var learnedApps = new Dictionary<long, (WorkerAuthentication, DateTimeOffset)>();
        var lines = new List<InstanceLogLine>();
        foreach (var report in batch)
        {
            var kept = new HashSet<long>();
            var tokens = (report.DispatchTokens ?? []).GroupBy(t => t.InstanceId).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var instanceId in report.InstanceLogContents.Select(c => c.InstanceId).Distinct())
            {
                if (!known.TryGetValue(instanceId, out var instance) && !learned.TryGetValue(instanceId, out instance))
                {
                    var record = await _store.FindInstanceAsync(instanceId);
                    if (record is null) continue;
                    var job = await _store.FindJobAsync(record.JobId);
                    learned[instanceId] = instance = new Known(LogFilter.From(job?.LogConfig), record.AppId);
                }
                if (!apps.TryGetValue(instance.AppId, out var auth))
                {
                    if (await _store.FindAppAsync(instance.AppId) is not { } app) continue;
                    auth = new WorkerAuthentication(app, _allowUnauthenticated);
                    learnedApps[instance.AppId] = (auth, now);
                    apps = new Dictionary<long, WorkerAuthentication>(apps) { [instance.AppId] = auth };
                }
                var proven = tokens.TryGetValue(instanceId, out var attempts)
                    ? attempts.Any(t => auth.HoldsAttempt(t.DispatchToken, instanceId, t.Attempt))
                    : _allowUnauthenticated;
                if (proven) kept.Add(instanceId);
                else _log.Warning("dropped log lines for instance {0} from {1}: {2}", instanceId, report.WorkerAddress,
                    attempts is null ? "no dispatch token (only the workers running an attempt may log for it)" : "the dispatch token does not match");
            }
            lines.AddRange(report.InstanceLogContents
                .Where(c => kept.Contains(c.InstanceId)
                            && (known.TryGetValue(c.InstanceId, out var k) ? k : learned[c.InstanceId]).Filter.Keeps(c.LogLevel))
                .Select(c => new InstanceLogLine(c.InstanceId, DateTimeOffset.FromUnixTimeMilliseconds(c.LogTime), LevelName(c.LogLevel),
                    c.LogContent, report.WorkerAddress)));
        }
        if (lines.Count > 0) await _store.AppendLogsAsync(lines);
        return new Written(learned, learnedApps);
    }

    public static string LevelName(int level) => level switch
    {
        1 => "DEBUG",
        2 => "INFO",
        3 => "WARN",
        4 => "ERROR",
        _ => "INFO",
    };
}
