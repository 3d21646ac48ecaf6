using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Auth;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Logs;

/// <summary>
/// Stores the log lines workers report for their instances, one batch at a time, in arrival order, keeping only the
/// lines the job's PowerJob <c>logConfig</c> asks for (its level; type NULL keeps none). Lines about an instance are
/// kept only with a dispatch token of one of its attempts (any server recomputes it from the app's stored hash), or
/// without one when <c>oms.auth.allow-unauthenticated-workers</c> accepts workers that cannot send it.
/// </summary>
public sealed class InstanceLogWriterActor : ReceiveActor, IWithUnboundedStash
{
    private sealed record Known(LogFilter Filter, long AppId);
    private sealed record Written(IReadOnlyDictionary<long, Known> Learned, IReadOnlyDictionary<long, (WorkerAuthentication, DateTimeOffset)> Apps);

    // Instance → its job's filter and app, learned from the store once per instance; bounded, as instances never end.
    private const int MaxKnown = 10_000;
    // A changed app password reaches the token check this soon.
    private static readonly TimeSpan AppTtl = TimeSpan.FromSeconds(30);
    private readonly Dictionary<long, Known> _known = new();
    private readonly Dictionary<long, (WorkerAuthentication Auth, DateTimeOffset ReadAt)> _apps = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IPowerJobStore _store;
    private readonly bool _allowUnauthenticated;
    private readonly TimeProvider _time;

    public InstanceLogWriterActor(IPowerJobStore store, bool allowUnauthenticated, TimeProvider time)
    {
        _store = store;
        _allowUnauthenticated = allowUnauthenticated;
        _time = time;
        Idle();
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(IPowerJobStore store, bool allowUnauthenticated = false, TimeProvider? time = null) =>
        global::Akka.Actor.Props.Create(() => new InstanceLogWriterActor(store, allowUnauthenticated, time ?? TimeProvider.System));

    private void Idle()
    {
        Receive<WorkerLogReportReq>(report =>
        {
            var ids = report.InstanceLogContents.Select(c => c.InstanceId).Distinct().ToList();
            var known = ids.Where(_known.ContainsKey).ToDictionary(id => id, id => _known[id]);
            var now = _time.GetUtcNow();
            var apps = _apps.Where(a => now - a.Value.ReadAt < AppTtl).ToDictionary(a => a.Key, a => a.Value.Auth);
            WriteAsync(report, known, apps, now).PipeTo(Self);
            Become(Writing);
        });
    }

    private void Writing()
    {
        Receive<Written>(written =>
        {
            if (_known.Count + written.Learned.Count > MaxKnown) _known.Clear();
            foreach (var (instanceId, known) in written.Learned) _known[instanceId] = known;
            if (_apps.Count + written.Apps.Count > MaxKnown) _apps.Clear();
            foreach (var (appId, app) in written.Apps) _apps[appId] = app;
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

    private async Task<Written> WriteAsync(WorkerLogReportReq report, IReadOnlyDictionary<long, Known> known,
        IReadOnlyDictionary<long, WorkerAuthentication> apps, DateTimeOffset now)
    {
        var learned = new Dictionary<long, Known>();
        var learnedApps = new Dictionary<long, (WorkerAuthentication, DateTimeOffset)>();
        var kept = new HashSet<long>();
        var tokens = (report.DispatchTokens ?? []).GroupBy(t => t.InstanceId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var instanceId in report.InstanceLogContents.Select(c => c.InstanceId).Distinct())
        {
            if (!known.TryGetValue(instanceId, out var instance))
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
        var lines = report.InstanceLogContents
            .Where(c => kept.Contains(c.InstanceId)
                        && (known.TryGetValue(c.InstanceId, out var k) ? k : learned[c.InstanceId]).Filter.Keeps(c.LogLevel))
            .Select(c => new InstanceLogLine(c.InstanceId, DateTimeOffset.FromUnixTimeMilliseconds(c.LogTime), LevelName(c.LogLevel),
                c.LogContent, report.WorkerAddress))
            .ToList();
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
