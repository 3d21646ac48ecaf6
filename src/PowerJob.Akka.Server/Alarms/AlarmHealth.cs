namespace PowerJob.Akka.Server.Alarms;

/// <summary>
/// Per channel (webhook, email): deliveries sent, failed attempts, dropped for a full queue, and the last error — shown
/// in <c>/health</c>, so a dead channel is visible without reading logs. Thread-safe: senders run on the thread pool.
/// </summary>
public sealed class AlarmHealth
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ChannelState> _channels = new(StringComparer.Ordinal);
    private long _failuresSeen;

    public sealed record ChannelHealth(string Status, long Sent, long FailedAttempts, long GivenUp, long Dropped, int Queued,
        string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? LastSentAt);

    private sealed class ChannelState
    {
        public long Sent, FailedAttempts, GivenUp, Dropped;
        public int Queued;
        public bool LastFailed;
        public string? LastError;
        public DateTimeOffset? LastErrorAt, LastSentAt;
    }

    /// <summary>Failed instances the alarm counters have looked at (on this server).</summary>
    public long FailuresSeen => Interlocked.Read(ref _failuresSeen);

    public void FailureSeen() => Interlocked.Increment(ref _failuresSeen);

    public void Sent(string channel, DateTimeOffset at) => Update(channel, s => { s.Sent++; s.LastFailed = false; s.LastSentAt = at; });

    public void AttemptFailed(string channel, string error, DateTimeOffset at) =>
        Update(channel, s => { s.FailedAttempts++; s.LastFailed = true; s.LastError = error; s.LastErrorAt = at; });

    public void GaveUp(string channel) => Update(channel, s => s.GivenUp++);

    public void Dropped(string channel) => Update(channel, s => s.Dropped++);

    public void Queued(string channel, int queued) => Update(channel, s => s.Queued = queued);

    public IReadOnlyDictionary<string, ChannelHealth> Snapshot()
    {
        lock (_lock)
        {
            return _channels.ToDictionary(c => c.Key, c => new ChannelHealth(c.Value.LastFailed ? "FAILING" : "UP", c.Value.Sent,
                c.Value.FailedAttempts, c.Value.GivenUp, c.Value.Dropped, c.Value.Queued, c.Value.LastError, c.Value.LastErrorAt,
                c.Value.LastSentAt), StringComparer.Ordinal);
        }
    }

    private void Update(string channel, Action<ChannelState> change)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(channel, out var state)) _channels[channel] = state = new ChannelState();
            change(state);
        }
    }
}
