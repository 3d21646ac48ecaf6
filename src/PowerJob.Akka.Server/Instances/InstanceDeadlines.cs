namespace PowerJob.Akka.Server.Instances;

internal enum DeadlineKind : byte
{
    /// <summary>The worker has not confirmed the attempt (RUNNING, or its end).</summary>
    Receive,
    /// <summary>A running attempt's worker has stopped reporting; the instance's latest report time decides.</summary>
    Report,
    /// <summary>The job's instance time limit.</summary>
    Limit,
    /// <summary>A run still going after its RUNNING report has that report written on its own.</summary>
    RunningWrite,
}

internal readonly record struct InstanceDeadline(long InstanceId, int Attempt, DeadlineKind Kind);

/// <summary>
/// The timeouts of an instance manager's instances, earliest first, on the actor system scheduler's monotonic clock.
/// Nearly every one is moot before it is due (the run confirmed, reported or ended), so none is cancelled: a due entry
/// is checked against its instance as it is then. One actor timer per instance would leave each cancelled registration
/// in the scheduler until its deadline (30 s and more), thousands of objects a second that live long enough for gen-1
/// and gen-2 collections; these entries are structs in one array.
/// </summary>
internal sealed class InstanceDeadlines
{
    private readonly PriorityQueue<InstanceDeadline, TimeSpan> _queue = new();

    public int Count => _queue.Count;

    public TimeSpan? Earliest => _queue.TryPeek(out _, out var at) ? at : null;

    public void Add(InstanceDeadline deadline, TimeSpan at) => _queue.Enqueue(deadline, at);

    public bool TryTakeDue(TimeSpan now, out InstanceDeadline deadline)
    {
        if (_queue.TryPeek(out deadline, out var at) && at <= now)
        {
            _queue.Dequeue();
            return true;
        }
        deadline = default;
        return false;
    }
}
