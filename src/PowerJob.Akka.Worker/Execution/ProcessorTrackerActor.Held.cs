using Akka.Actor;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// Tasks sent ahead of their due time (a CRON fire the server decided early): counted in their run at once, then held
/// until the due time, when one message queues every task due then. Nothing is left to do at the due time but start
/// them; their task trackers sleep until told the task started.
/// </summary>
/// <remarks>
/// The wake-up is a <see cref="TimeProvider"/> timer rather than an actor timer: the actor scheduler ticks every 10 ms,
/// and a due time should be met to the millisecond.
/// </remarks>
public sealed partial class ProcessorTrackerActor
{
    private sealed record DueTick(long At);

    private readonly Dictionary<long, (List<Queued> Tasks, ITimer Timer)> _held = new();

    /// <summary>False when <paramref name="at"/> (Unix ms) is not in the future: the task is to be queued now.</summary>
    private bool Hold(Queued task, long at)
    {
        var wait = DateTimeOffset.FromUnixTimeMilliseconds(at) - _time.GetUtcNow();
        if (wait <= TimeSpan.Zero) return false;
        if (!Admit(task)) return true;
        if (!_held.TryGetValue(at, out var due))
        {
            var self = Self;
            due = ([], _time.CreateTimer(_ => self.Tell(new DueTick(at)), null, wait, Timeout.InfiniteTimeSpan));
            _held[at] = due;
        }
        due.Tasks.Add(task);
        return true;
    }

    private void ReleaseDue(DueTick tick)
    {
        if (!_held.TryGetValue(tick.At, out var due)) return;
        // The timer counts whole milliseconds of a coarser clock and may fire a little early: never start before the due time.
        var early = DateTimeOffset.FromUnixTimeMilliseconds(tick.At) - _time.GetUtcNow();
        if (early > TimeSpan.Zero)
        {
            due.Timer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(early.TotalMilliseconds)), Timeout.InfiniteTimeSpan);
            return;
        }
        _held.Remove(tick.At);
        due.Timer.Dispose();
        foreach (var task in due.Tasks) _queue.Enqueue(task);
        Pump();
    }

    private void StopHeldTimers()
    {
        foreach (var (_, timer) in _held.Values) timer.Dispose();
    }
}
