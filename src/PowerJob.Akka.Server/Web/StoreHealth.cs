using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Web;

/// <summary>The store's state as <c>/health</c> reports it.</summary>
public sealed record StoreState(bool Up, string? Error, DateTimeOffset Since);

/// <summary>
/// Probes the store with a write that changes nothing every second, so <c>/health</c> says DOWN while the store
/// cannot take writes (PostgreSQL down, the SQLite file locked or unwritable), not only when a request happens to fail.
/// A probe that has not come back after <see cref="SlowAfter"/> counts as down too: a locked SQLite file makes writes
/// wait for the busy timeout before they fail.
/// </summary>
public sealed class StoreHealth(IPowerJobStore store, TimeProvider time, ILogger<StoreHealth> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private StoreState _last = new(true, null, time.GetUtcNow());
    private DateTimeOffset? _probeStarted;

    public StoreState Current
    {
        get
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                if (_last.Up && _probeStarted is { } started && now - started > SlowAfter)
                    return new StoreState(false, $"the store has not answered a write for {(now - started).TotalSeconds:0} s", started);
                return _last;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            lock (_lock) _probeStarted = time.GetUtcNow();
            string? error = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(ProbeTimeout);
                await store.PingAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                error = e.GetBaseException().Message;
            }
            Record(error);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void Record(string? error)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _probeStarted = null;
            if (error is null == _last.Up)
            {
                if (error is not null) _last = _last with { Error = error };
                return;
            }
            if (error is null) log.LogWarning("store is UP again after {Seconds:0.#} s down", (now - _last.Since).TotalSeconds);
            else log.LogError("store is DOWN: {Error}", error);
            _last = new StoreState(error is null, error, now);
        }
    }
}
