using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Scheduling;

public class JobScheduleSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, 300, TimeSpan.Zero);

    // The first whole second after now + the claim lead: the earliest time a change may fire every second at.
    private static readonly DateTimeOffset FirstFreeSecond = WholeSecondAfter(Now + AppSchedulerActor.Lead);

    private static DateTimeOffset WholeSecondAfter(DateTimeOffset time) =>
        new DateTimeOffset(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, time.Offset).AddSeconds(1);

    private static JobRecord EverySecond(DateTimeOffset? lastFire) => new()
    {
        Id = 1, AppId = 1, TimeExpressionType = TimeExpressionType.Cron, TimeExpression = "*/1 * * * * *", Enabled = true, LastFireTime = lastFire,
    };

    [Fact]
    public void The_next_fire_after_a_change_leaves_the_claim_lead_free()
    {
        Assert.Equal(FirstFreeSecond, JobSchedule.NextAfterChange(EverySecond(null), Now));
        Assert.True(FirstFreeSecond > Now + AppSchedulerActor.Lead);
    }

    [Fact]
    public void The_next_fire_after_a_change_comes_after_the_last_claimed_due_time()
    {
        var claimed = Now.AddMilliseconds(-300).AddSeconds(5);
        Assert.Equal(claimed.AddSeconds(1), JobSchedule.NextAfterChange(EverySecond(claimed), Now));
        Assert.Equal(FirstFreeSecond, JobSchedule.NextAfterChange(EverySecond(Now.AddSeconds(-10)), Now));
    }

    [Fact]
    public void A_disabled_or_api_job_has_no_next_fire()
    {
        Assert.Null(JobSchedule.NextAfterChange(EverySecond(null) with { Enabled = false }, Now));
        Assert.Null(JobSchedule.NextAfterChange(EverySecond(null) with { TimeExpressionType = TimeExpressionType.Api }, Now));
    }

    [Fact]
    public void Only_the_schedule_and_the_enabled_flag_make_a_change_a_reschedule()
    {
        var job = EverySecond(null) with { TimeZone = "UTC" };
        Assert.True(JobSchedule.SameSchedule(job, job with { Description = "edited", NextTriggerTime = Now }));
        Assert.False(JobSchedule.SameSchedule(job, job with { TimeExpression = "*/2 * * * * *" }));
        Assert.False(JobSchedule.SameSchedule(job, job with { TimeZone = "Europe/Berlin" }));
        Assert.False(JobSchedule.SameSchedule(job, job with { Enabled = false }));
    }
}
