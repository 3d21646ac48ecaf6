using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>DAILY_TIME_INTERVAL with PowerJob 4.3.9's semantics, checked against PowerJob's own test figures (Asia/Shanghai).</summary>
public class DailyTimeIntervalSpecs
{
    private static DailyTimeIntervalTrigger Trigger(string start, string end, string days = "null", string zone = "Asia/Shanghai",
        string interval = "3600", string unit = "null") =>
        (DailyTimeIntervalTrigger)TimeExpression.Parse(TimeExpressionType.DailyTimeInterval,
            $$"""{"interval":{{interval}},"intervalUnit":{{unit}},"startTimeOfDay":"{{start}}","endTimeOfDay":"{{end}}","daysOfWeek":{{days}}}""", zone);

    private static readonly DateTimeOffset Saturday2246 = DateTimeOffset.FromUnixTimeMilliseconds(1676126794874); // 2023-02-11 22:46:34 +08

    [Theory]
    [InlineData("21:00:00", "23:00:00", "null", 1676126794874)] // inside the window: that very time
    [InlineData("23:00:00", "23:15:00", "null", 1676127600000)] // before the window: its start today
    [InlineData("11:00:00", "12:15:00", "null", 1676170800000)] // after the window: tomorrow's start
    [InlineData("11:00:00", "12:15:00", "[3]", 1676430000000)]  // not an allowed day: the next Wednesday's start
    public void The_earliest_time_in_a_window_matches_PowerJob(string start, string end, string days, long expected)
    {
        Assert.Equal(expected, Trigger(start, end, days).InWindow(Saturday2246).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Fires_every_interval_inside_the_window_on_the_chosen_days_as_PowerJob_does()
    {
        var trigger = Trigger("12:33:33", "15:34:33", "[1,4]");
        var fires = new List<long>();
        for (var at = Saturday2246; fires.Count < 8;)
        {
            at = trigger.NextAfter(at)!.Value;
            fires.Add(at.ToUnixTimeMilliseconds());
        }
        Assert.Equal([1676262813000, 1676266413000, 1676270013000, 1676273613000, 1676522013000, 1676525613000, 1676529213000, 1676532813000], fires);
    }

    [Theory]
    [InlineData("MINUTES", 90, 5400)]
    [InlineData("HOURS", 2, 7200)]
    [InlineData("null", 45, 45)]
    [InlineData("\"SECONDS\"", 45, 45)]
    public void The_interval_unit_is_a_TimeUnit_name_and_seconds_by_default(string unit, int interval, int seconds)
    {
        var trigger = Trigger("00:00:00", "23:59:59", interval: $"{interval}", unit: unit == "MINUTES" || unit == "HOURS" ? $"\"{unit}\"" : unit, zone: "UTC");
        Assert.Equal(TimeSpan.FromSeconds(seconds), trigger.Interval);
    }

    [Fact]
    public void A_window_start_in_a_DST_gap_starts_at_the_end_of_the_gap()
    {
        // Europe/Berlin skips 02:00-03:00 on 2025-03-30.
        var trigger = Trigger("02:30:00", "04:00:00", zone: "Europe/Berlin");
        var next = trigger.InWindow(new DateTimeOffset(2025, 3, 29, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 30, 0, TimeSpan.Zero), next); // 03:30 CEST
    }

    [Theory]
    [InlineData("""{"startTimeOfDay":"09:00:00","endTimeOfDay":"10:00:00"}""", "interval must be a whole number above 0")]
    [InlineData("""{"interval":5,"endTimeOfDay":"10:00:00"}""", "startTimeOfDay is required")]
    [InlineData("""{"interval":5,"startTimeOfDay":"9am","endTimeOfDay":"10:00:00"}""", "startTimeOfDay '9am' is not a time of day")]
    [InlineData("""{"interval":5,"startTimeOfDay":"18:00:00","endTimeOfDay":"09:00:00"}""", "endTimeOfDay 09:00:00 is before startTimeOfDay 18:00:00")]
    [InlineData("""{"interval":5,"intervalUnit":"WEEKS","startTimeOfDay":"09:00:00","endTimeOfDay":"10:00:00"}""", "intervalUnit 'WEEKS' is not one of")]
    [InlineData("""{"interval":5,"startTimeOfDay":"09:00:00","endTimeOfDay":"10:00:00","daysOfWeek":[0]}""", "daysOfWeek entry 0 is not a day from 1 (Monday) to 7 (Sunday)")]
    [InlineData("every 5 minutes", "not valid JSON")]
    public void A_bad_expression_is_refused_naming_what_is_wrong(string expression, string message)
    {
        var e = Assert.Throws<InvalidTimeExpressionException>(() => TimeExpression.Parse(TimeExpressionType.DailyTimeInterval, expression, null));
        Assert.Equal("timeExpression", e.Field);
        Assert.Contains(message, e.Message);
    }
}

[Collection(TimingCollection.Name)]
public class DailyTimeIntervalJobSpecs : SchedulingFixture
{
    // A zone where it is not near midnight now, so a whole-day window does not close during the test.
    private static string ZoneAwayFromMidnight() => DateTimeOffset.UtcNow.Hour is >= 1 and <= 22 ? "UTC" : "Etc/GMT+6";

    [Fact]
    public async Task A_daily_time_interval_job_fires_every_interval_inside_its_window()
    {
        await StartWorkerAsync("http");
        var jobId = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "ticker", processorInfo = "echo", timeExpressionType = "DAILY_TIME_INTERVAL", timeZone = ZoneAwayFromMidnight(),
            timeExpression = """{"interval":500,"intervalUnit":"MILLISECONDS","startTimeOfDay":"00:00:00","endTimeOfDay":"23:59:59"}""",
        });
        var instances = await TestNodes.EventuallyAsync(() => Api.InstancesOfJobAsync(AppId, jobId),
            all => all.Count(i => i.GetProperty("status").GetInt32() == 5) >= 4, TimeSpan.FromSeconds(15));
        await Api.FormAsync("/openApi/disableJob", ("appId", AppId), ("jobId", jobId));

        var expected = instances.Select(i => Ms(i, "expectedTriggerTime")).Order().Take(4).ToList();
        Assert.All(expected.Zip(expected.Skip(1)), pair => Assert.Equal(500, pair.Second - pair.First));
    }

    [Fact]
    public async Task A_job_whose_days_exclude_today_is_next_due_at_the_window_start_of_the_next_chosen_day()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DayOfWeek;
        var tomorrow = (int)today % 7 + 1; // PowerJob's numbering: 1 = Monday ... 7 = Sunday
        var jobId = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "weekly", processorInfo = "echo", timeExpressionType = "DAILY_TIME_INTERVAL", timeZone = "Asia/Tokyo",
            timeExpression = $$"""{"interval":10,"intervalUnit":"MINUTES","startTimeOfDay":"09:00:00","endTimeOfDay":"17:00:00","daysOfWeek":[{{tomorrow}}]}""",
        });

        var job = (await Api.FormAsync("/openApi/fetchJob", ("appId", AppId), ("jobId", jobId))).Data;
        Assert.Equal(11, job.GetProperty("timeExpressionType").GetInt32());
        var next = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(job.GetProperty("nextTriggerTime").GetInt64()), zone);
        var localToday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date;
        Assert.Equal(localToday.AddDays(1).AddHours(9), next.DateTime);
        Assert.Equal(TimeSpan.FromHours(9), next.Offset);
    }
}
