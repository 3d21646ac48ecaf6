using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Logs;

/// <summary>
/// Stores the log lines workers report for their instances, in arrival order, keeping only the lines the job's
/// PowerJob <c>logConfig</c> asks for (its level; type NULL keeps none). Reports that arrive while a write runs wait in
/// a queue and are written together next; the queue holds at most <c>oms.log.max-pending-lines</c> lines — a report
/// beyond it is dropped (a log storm must not grow memory without limit), logged as a warning and counted in
/// <c>/health</c>. Instance results and statuses never go this way, only log lines.
/// </summary>
public sealed class InstanceLogWriterActor : ReceiveActor
{
    private sealed record Written(IReadOnlyDictionary<long, LogFilter> Learned);

    // Instance → its job's filter, learned from the store once per instance; bounded, as instances never end.
    private const int MaxKnownFilters = 10_000;
    // Lines per store write: the queue is written in batches of about this size.
    private const int MaxBatchLines = 5000;
    private readonly Dictionary<long, LogFilter> _filters = new();
    private readonly Queue<WorkerLogReportReq> _queue = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IPowerJobStore _store;
    private readonly int _maxPending;
    private readonly ServerLoad? _load;
    private long _pending;
    private long _dropped;
    private bool _writing;

    public InstanceLogWriterActor(IPowerJobStore store, int maxPending, ServerLoad? load)
    {
        _store = store;
        _maxPending = maxPending;
        _load = load;
        Receive<WorkerLogReportReq>(Enqueue);
        Receive<Written>(written =>
        {
            if (_filters.Count + written.Learned.Count > MaxKnownFilters) _filters.Clear();
            foreach (var (instanceId, filter) in written.Learned) _filters[instanceId] = filter;
            WriteNext();
        });
        Receive<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "could not store instance log lines: {0}", f.Cause.Message);
            WriteNext();
        });
    }

    public static Props Props(IPowerJobStore store, int maxPending = int.MaxValue, ServerLoad? load = null) =>
        global::Akka.Actor.Props.Create(() => new InstanceLogWriterActor(store, maxPending, load));

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
            .Where(_filters.ContainsKey).ToDictionary(id => id, id => _filters[id]);
        WriteAsync(batch, known).PipeTo(Self, success: learned => new Written(learned));
    }

    private async Task<IReadOnlyDictionary<long, LogFilter>> WriteAsync(IReadOnlyList<WorkerLogReportReq> batch,
        IReadOnlyDictionary<long, LogFilter> known)
    {
        var learned = new Dictionary<long, LogFilter>();
        foreach (var instanceId in batch.SelectMany(r => r.InstanceLogContents).Select(c => c.InstanceId).Distinct().Where(id => !known.ContainsKey(id)))
        {
            var instance = await _store.FindInstanceAsync(instanceId);
            var job = instance is null ? null : await _store.FindJobAsync(instance.JobId);
            learned[instanceId] = LogFilter.From(job?.LogConfig);
        }
        var lines = batch.SelectMany(report => report.InstanceLogContents
            .Where(c => (known.TryGetValue(c.InstanceId, out var filter) ? filter : learned[c.InstanceId]).Keeps(c.LogLevel))
            .Select(c => new InstanceLogLine(c.InstanceId, DateTimeOffset.FromUnixTimeMilliseconds(c.LogTime), LevelName(c.LogLevel),
                c.LogContent, report.WorkerAddress)))
            .ToList();
        if (lines.Count > 0) await _store.AppendLogsAsync(lines);
        return learned;
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
