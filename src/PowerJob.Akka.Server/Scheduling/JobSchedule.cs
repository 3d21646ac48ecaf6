using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Scheduling;

/// <summary>
/// The next fire of a job after a change (a new schedule, an enable). It is computed from the later of now plus the
/// claim lead and the job's last claimed due time, never from a trigger time read earlier, so a time the scheduler
/// already claimed (it claims <see cref="AppSchedulerActor.Lead"/> ahead) is never handed out a second time.
/// </summary>
public static class JobSchedule
{
    private const int Attempts = 20;

    public static DateTimeOffset? NextAfterChange(JobRecord job, DateTimeOffset now)
    {
        if (!job.Enabled || job.TimeExpressionType is TimeExpressionType.Api or TimeExpressionType.Workflow) return null;
        var from = now + AppSchedulerActor.Lead;
        if (job.LastFireTime is { } last && last > from) from = last;
        return FirePolicy.Read(job).Next(TimeExpression.Parse(job.TimeExpressionType, job.TimeExpression, job.TimeZone), from);
    }

    /// <summary>Gives the job its next fire after a schedule change, with a compare-and-set on the trigger time it read.</summary>
    public static async Task RescheduleAsync(IPowerJobStore store, long jobId, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await store.FindJobAsync(jobId, cancellationToken) is not { } job) return;
            var next = NextAfterChange(job, time.GetUtcNow());
            if (await store.RescheduleJobAsync(jobId, job.NextTriggerTime, next, cancellationToken)) return;
        }
        throw new InvalidOperationException($"job {jobId} could not be rescheduled: its trigger time changed {Attempts} times in a row");
    }

    /// <summary>True when the change to <paramref name="updated"/> leaves the job's schedule (and enabled state) as it was.</summary>
    public static bool SameSchedule(JobRecord existing, JobRecord updated) =>
        existing.Enabled == updated.Enabled && existing.TimeExpressionType == updated.TimeExpressionType
        && string.Equals(existing.TimeExpression?.Trim(), updated.TimeExpression?.Trim(), StringComparison.Ordinal)
        && string.Equals(existing.TimeZone, updated.TimeZone, StringComparison.Ordinal);
}
