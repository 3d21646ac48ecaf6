namespace PowerJob.Akka.Server.Scheduling;

/// <summary>What the scheduler does with a due fire: fire it (and move on to <c>Next</c>), or move on without firing.</summary>
public abstract record FireDecision(DateTimeOffset? Next);
public sealed record FireIt(DateTimeOffset? Next, string? Note) : FireDecision(Next);
public sealed record SkipIt(DateTimeOffset? Next, string Reason) : FireDecision(Next);

/// <summary>Applies a job's <see cref="FirePolicy"/> (life cycle, misfire policy) to one due fire.</summary>
public static class FirePlanner
{
    /// <summary>A fire this late is a misfire (fires are claimed ahead, so a timely one is never late).</summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(1);

    public static FireDecision Decide(FirePolicy policy, TimeExpression trigger, DateTimeOffset due, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trigger);
        if (trigger.WaitsForCompletion)
            return policy.Allows(due) ? new FireIt(null, null) : new SkipIt(null, $"due {due:O} is outside the job's life cycle");
        if (!policy.Allows(due))
            return new SkipIt(policy.Next(trigger, Later(due, now)), $"due {due:O} is outside the job's life cycle");
        if (now - due <= MisfireThreshold) return new FireIt(policy.Next(trigger, due), null);
        switch (policy.Misfire)
        {
            case MisfirePolicy.Skip:
                return new SkipIt(policy.Next(trigger, now), $"fire due {due:O} missed; skipped (misfire policy SKIP)");
            case MisfirePolicy.FireAll:
                // Keep the latest MaxMissedFires due times up to now; fire the oldest of them, then the next at once.
                var missed = new Queue<DateTimeOffset>();
                var count = 0;
                for (DateTimeOffset? d = due; d is { } t && t <= now && count < 10_000_000; d = policy.Next(trigger, t), count++)
                {
                    missed.Enqueue(t);
                    if (missed.Count > policy.MaxMissedFires) missed.Dequeue();
                }
                var first = missed.Peek();
                if (first > due)
                    return new SkipIt(first, $"{count} fires missed since {due:O}; firing the latest {policy.MaxMissedFires} (misfire policy FIRE_ALL)");
                return new FireIt(policy.Next(trigger, due), $"missed fire due {due:O} fired late (misfire policy FIRE_ALL, {count} to catch up)");
            default:
                var next = policy.Next(trigger, due);
                if (next < now) next = policy.Next(trigger, now);
                return new FireIt(next, $"fire due {due:O} missed, firing once now (misfire policy FIRE_ONCE_NOW)");
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
