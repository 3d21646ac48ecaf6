using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Logs;

/// <summary>Stores the log lines workers report for their instances, one batch at a time, in arrival order.</summary>
public sealed class InstanceLogWriterActor : ReceiveActor, IWithUnboundedStash
{
    private sealed class Written { public static readonly Written Instance = new(); }

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
            var lines = report.InstanceLogContents.Select(c => new InstanceLogLine(c.InstanceId,
                DateTimeOffset.FromUnixTimeMilliseconds(c.LogTime), LevelName(c.LogLevel), c.LogContent, report.WorkerAddress)).ToList();
            _store.AppendLogsAsync(lines).PipeTo(Self, success: () => Written.Instance);
            Become(Writing);
        });
    }

    private void Writing()
    {
        Receive<Written>(_ => { Become(Idle); Stash.UnstashAll(); });
        Receive<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "could not store instance log lines: {0}", f.Cause.Message);
            Become(Idle);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
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
