using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Logs;

/// <summary>
/// Stores the log lines workers report for their instances, one batch at a time, in arrival order, keeping only the
/// lines the job's PowerJob <c>logConfig</c> asks for (its level; type NULL keeps none).
/// </summary>
public sealed class InstanceLogWriterActor : ReceiveActor, IWithUnboundedStash
{
    private sealed record Written(IReadOnlyDictionary<long, LogFilter> Learned);

    // Instance → its job's filter, learned from the store once per instance; bounded, as instances never end.
    private const int MaxKnownFilters = 10_000;
    private readonly Dictionary<long, LogFilter> _filters = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IPowerJobStore _store;

    public InstanceLogWriterActor(IPowerJobStore store)
    {
        _store = store;
        Idle();
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(IPowerJobStore store) => global::Akka.Actor.Props.Create(() => new InstanceLogWriterActor(store));

    private void Idle()
    {
        Receive<WorkerLogReportReq>(report =>
        {
            var known = report.InstanceLogContents.Select(c => c.InstanceId).Distinct()
                .Where(_filters.ContainsKey).ToDictionary(id => id, id => _filters[id]);
            WriteAsync(report, known).PipeTo(Self, success: learned => new Written(learned));
            Become(Writing);
        });
    }

    private void Writing()
    {
        Receive<Written>(written =>
        {
            if (_filters.Count + written.Learned.Count > MaxKnownFilters) _filters.Clear();
            foreach (var (instanceId, filter) in written.Learned) _filters[instanceId] = filter;
            Become(Idle);
            Stash.UnstashAll();
        });
        Receive<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "could not store instance log lines: {0}", f.Cause.Message);
            Become(Idle);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private async Task<IReadOnlyDictionary<long, LogFilter>> WriteAsync(WorkerLogReportReq report, IReadOnlyDictionary<long, LogFilter> known)
    {
        var learned = new Dictionary<long, LogFilter>();
        foreach (var instanceId in report.InstanceLogContents.Select(c => c.InstanceId).Distinct().Where(id => !known.ContainsKey(id)))
        {
            var instance = await _store.FindInstanceAsync(instanceId);
            var job = instance is null ? null : await _store.FindJobAsync(instance.JobId);
            learned[instanceId] = LogFilter.From(job?.LogConfig);
        }
        var lines = report.InstanceLogContents
            .Where(c => (known.TryGetValue(c.InstanceId, out var filter) ? filter : learned[c.InstanceId]).Keeps(c.LogLevel))
            .Select(c => new InstanceLogLine(c.InstanceId, DateTimeOffset.FromUnixTimeMilliseconds(c.LogTime), LevelName(c.LogLevel),
                c.LogContent, report.WorkerAddress))
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
