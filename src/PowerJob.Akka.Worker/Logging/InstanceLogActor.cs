using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;

namespace PowerJob.Akka.Worker.Logging;

/// <summary>One line a processor wrote through <see cref="Processors.TaskContext.Log"/>.</summary>
/// <param name="Attempt">The attempt the line was written in, with its dispatch token (none from a server that sends none).</param>
public sealed record OmsLogLine(long InstanceId, long LogTime, OmsLogLevel Level, string Content, InstanceLogToken? Attempt = null);

/// <summary>PowerJob's log levels, with their wire codes.</summary>
public enum OmsLogLevel
{
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

/// <summary>
/// Batches instance log lines to the current server's <c>/server/reportLog</c>: every second, or at once when
/// <see cref="BatchSize"/> lines are waiting. While no server is known lines wait, up to <see cref="MaxBuffered"/>;
/// beyond that the oldest are dropped and counted.
/// </summary>
public sealed class InstanceLogActor : ReceiveActor, IWithTimers
{
    public const int BatchSize = 200;
    public const int MaxBuffered = 10_000;
    private const string FlushTimer = "flush";
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private sealed class FlushTick
    {
        public static readonly FlushTick Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _connection;
    private readonly IActorRef _selection;
    private readonly List<InstanceLogContent> _buffer = [];
    // The newest attempt seen for each instance with lines in the buffer.
    private readonly Dictionary<long, InstanceLogToken> _tokens = new();
    private bool _awaitingServer;
    private long _dropped;

    public InstanceLogActor(IActorRef connection, IActorRef selection)
    {
        _connection = connection;
        _selection = selection;
        Receive<OmsLogLine>(HandleLine);
        Receive<FlushTick>(_ => RequestFlush());
        Receive<CurrentServer>(HandleServer);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef connection, IActorRef selection) =>
        global::Akka.Actor.Props.Create(() => new InstanceLogActor(connection, selection));

    protected override void PreStart() => Timers.StartPeriodicTimer(FlushTimer, FlushTick.Instance, FlushInterval);

    private void HandleLine(OmsLogLine line)
    {
        _buffer.Add(new InstanceLogContent(line.InstanceId, line.LogTime, (int)line.Level, line.Content));
        if (line.Attempt is { DispatchToken: not null } attempt
            && (!_tokens.TryGetValue(line.InstanceId, out var known) || known.Attempt <= attempt.Attempt))
            _tokens[line.InstanceId] = attempt;
        if (_buffer.Count >= BatchSize) RequestFlush();
    }

    private void RequestFlush()
    {
        if (_buffer.Count == 0 || _awaitingServer) return;
        _awaitingServer = true;
        _connection.Tell(GetCurrentServer.Instance);
    }

    private void HandleServer(CurrentServer server)
    {
        _awaitingServer = false;
        if (server.Target is null)
        {
            var excess = _buffer.Count - MaxBuffered;
            if (excess > 0)
            {
                _buffer.RemoveRange(0, excess);
                _dropped += excess;
                _log.Warning("no server known: dropped {0} instance log lines so far ({1} waiting)", _dropped, _buffer.Count);
            }
            return;
        }
        foreach (var batch in _buffer.Chunk(BatchSize))
        {
            var tokens = batch.Select(c => c.InstanceId).Distinct().Where(_tokens.ContainsKey).Select(id => _tokens[id]).ToList();
            _selection.Tell(new SendToRemote(server.Target,
                new WorkerLogReportReq(server.WorkerAddress, batch) { DispatchTokens = tokens.Count > 0 ? tokens : null }));
        }
        _buffer.Clear();
        _tokens.Clear();
        if (_dropped > 0)
        {
            _log.Warning("server {0} is known again; {1} instance log lines were dropped while none was", server.Target, _dropped);
            _dropped = 0;
        }
    }
}
