using PowerJob.Akka.Server.Scheduling;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>The decision for one due fire under each misfire policy and life cycle, with explicit times.</summary>
public sealed class FirePlannerSpecs
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly FixedRateTrigger EveryMinute = new(TimeSpan.FromMinutes(1));

    [Fact]
    public void A_timely_fire_fires_and_moves_to_the_next_due_time()
    {
        var decision = FirePlanner.Decide(FirePolicy.Default, EveryMinute, T0, T0.AddMilliseconds(-900));
        Assert.Equal(new FireIt(T0.AddMinutes(1), null), decision);
    }

    [Fact]
    public void Fire_once_now_fires_the_first_missed_time_and_continues_from_now()
    {
        var decision = Assert.IsType<FireIt>(FirePlanner.Decide(FirePolicy.Default, EveryMinute, T0, T0.AddMinutes(10).AddSeconds(30)));
        Assert.Equal(T0.AddMinutes(11).AddSeconds(30), decision.Next);
    }

    [Fact]
    public void Skip_fires_nothing_and_continues_from_now()
    {
        var policy = FirePolicy.Default with { Misfire = MisfirePolicy.Skip };
        var decision = Assert.IsType<SkipIt>(FirePlanner.Decide(policy, EveryMinute, T0, T0.AddMinutes(10).AddSeconds(30)));
        Assert.Equal(T0.AddMinutes(11).AddSeconds(30), decision.Next);
    }

    [Fact]
    public void Fire_all_skips_to_the_latest_N_missed_times_then_fires_each_in_turn()
    {
        var policy = FirePolicy.Default with { Misfire = MisfirePolicy.FireAll, MaxMissedFires = 3 };
        var now = T0.AddMinutes(10).AddSeconds(30);
        Assert.Equal(T0.AddMinutes(8), Assert.IsType<SkipIt>(FirePlanner.Decide(policy, EveryMinute, T0, now)).Next);
        Assert.Equal(new FireIt(T0.AddMinutes(9), "missed fire due 2025-03-01T12:08:00.0000000+00:00 fired late (misfire policy FIRE_ALL, 3 to catch up)"),
            FirePlanner.Decide(policy, EveryMinute, T0.AddMinutes(8), now));
        Assert.Equal(T0.AddMinutes(11), Assert.IsType<FireIt>(FirePlanner.Decide(policy, EveryMinute, T0.AddMinutes(10), now)).Next);
    }

    [Fact]
    public void Nothing_fires_outside_the_life_cycle()
    {
        var policy = FirePolicy.Default with { Start = T0.AddMinutes(5), End = T0.AddMinutes(7) };
        Assert.Equal(T0.AddMinutes(5), policy.Next(EveryMinute, T0));
        Assert.Equal(new SkipIt(T0.AddMinutes(5), "due 2025-03-01T12:00:00.0000000+00:00 is outside the job's life cycle"),
            FirePlanner.Decide(policy, EveryMinute, T0, T0));
        Assert.Equal(new FireIt(null, null), FirePlanner.Decide(policy, EveryMinute, T0.AddMinutes(7), T0.AddMinutes(7)));
        Assert.Null(policy.Next(EveryMinute, T0.AddMinutes(7)));
    }

    [Fact]
    public void Invalid_fields_are_named_with_what_is_allowed()
    {
        Assert.Equal("advancedRuntimeConfig.misfirePolicy 'LATER' is invalid: allowed values are FIRE_ONCE_NOW, SKIP, FIRE_ALL",
            FirePolicy.Validate(null, "{\"misfirePolicy\":\"LATER\"}"));
        Assert.Equal("lifeCycle.start '\"tomorrow\"' is invalid: expected epoch milliseconds or an ISO-8601 time",
            FirePolicy.Validate("{\"start\":\"tomorrow\"}", null));
        Assert.Null(FirePolicy.Validate("{\"start\":1735689600000,\"end\":\"2030-01-01T00:00:00Z\"}", "{\"misfirePolicy\":\"fire_all\",\"misfireMaxFires\":5}"));
    }
}
