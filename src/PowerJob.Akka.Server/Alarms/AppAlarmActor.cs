using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Alarms;

/// <summary>
/// Counts one app's failed instances per job against the job's <see cref="AlarmRule"/> and hands an alarm to the
/// server's sender when the threshold is reached outside a silence. A child of the app's entity, so each job's count
/// lives on one server; sending is the sender's business, so nothing here waits for a channel.
/// </summary>
public sealed class AppAlarmActor : ReceiveActor
{
    private sealed record JobLoaded(InstanceFinished Failure, JobRecord? Job);

    private sealed class JobWindow
    {
        public Queue<DateTimeOffset> Failures { get; } = new();
        public DateTimeOffset SilentUntil { get; set; } = DateTimeOffset.MinValue;
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _appId;
    private readonly string _appName;
    private readonly AlarmSettings _settings;
    private readonly Dictionary<long, JobWindow> _windows = [];

    public AppAlarmActor(long appId, string appName, AlarmSettings settings)
    {
        _appId = appId;
        _appName = appName;
        _settings = settings;
        Receive<InstanceFinished>(f => f.AppId == _appId && f.Status == InstanceStatus.Failed,
            failure => _settings.Store.FindJobAsync(failure.JobId).ContinueWith(t => new JobLoaded(failure, t.IsCompletedSuccessfully ? t.Result : null),
                TaskScheduler.Default).PipeTo(Self));
        Receive<InstanceFinished>(_ => { });
        Receive<JobLoaded>(Evaluate);
    }

    public static Props Props(long appId, string appName, AlarmSettings settings) =>
        global::Akka.Actor.Props.Create(() => new AppAlarmActor(appId, appName, settings));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(InstanceFinished));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Evaluate(JobLoaded loaded)
    {
        _settings.Health.FailureSeen();
        var (failure, job) = loaded;
        if (job is null || AlarmRule.Parse(JobFields.AlarmConfig(job)) is not { } rule) return;
        if (!_windows.TryGetValue(job.Id, out var window)) _windows[job.Id] = window = new JobWindow();
        var at = failure.At;
        while (window.Failures.TryPeek(out var oldest) && oldest <= at - rule.StatisticWindow)
            window.Failures.Dequeue();
        window.Failures.Enqueue(at);
        if (window.Failures.Count < rule.AlertThreshold) return;
        if (at < window.SilentUntil)
        {
            _log.Debug("job {0}: {1} failures within {2} s, silent until {3:O}", job.Id, window.Failures.Count, rule.StatisticWindow.TotalSeconds, window.SilentUntil);
            return;
        }
        var alarm = new Alarm(_appId, _appName, job.Id, job.JobName, failure.InstanceId, failure.Status, failure.Result, at,
            window.Failures.Count, rule.StatisticWindow, $"{_settings.ConsoleUrl()}/console/instances/{failure.InstanceId}");
        window.Failures.Clear();
        window.SilentUntil = at + rule.SilenceWindow;
        _log.Warning("job {0}: {1} failures within {2} s; alarm to {3} webhook(s) and {4} address(es), then silent for {5} s",
            job.Id, alarm.Failures, rule.StatisticWindow.TotalSeconds, rule.Webhooks.Count, rule.Emails.Count, rule.SilenceWindow.TotalSeconds);
        _settings.Sender.Tell(new SendAlarm(alarm, rule.Webhooks, rule.Emails));
    }
}
