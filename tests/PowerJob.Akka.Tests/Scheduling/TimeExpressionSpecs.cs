using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Scheduling;

namespace PowerJob.Akka.Tests.Scheduling;

public class TimeExpressionSpecs
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, null, System.Globalization.DateTimeStyles.AssumeUniversal);

    [Fact]
    public void Cron_with_seconds_fires_every_second_without_drift()
    {
        var cron = TimeExpression.Parse(TimeExpressionType.Cron, "*/1 * * * * *", null);
        var t = Utc("2026-03-01T10:00:00.000Z");
        var fires = new List<DateTimeOffset>();
        for (var i = 0; i < 5; i++) fires.Add(t = cron.NextAfter(t)!.Value);
        Assert.Equal(Enumerable.Range(1, 5).Select(s => Utc("2026-03-01T10:00:00Z").AddSeconds(s)), fires);
    }

    [Fact]
    public void Cron_accepts_PowerJob_question_mark_and_a_star_year()
    {
        var cron = TimeExpression.Parse(TimeExpressionType.Cron, "0 30 2 * * ? *", "UTC");
        Assert.Equal(Utc("2026-03-02T02:30:00Z"), cron.NextAfter(Utc("2026-03-01T03:00:00Z")));
    }

    [Fact]
    public void A_local_time_skipped_by_spring_forward_fires_once_not_never()
    {
        var cron = TimeExpression.Parse(TimeExpressionType.Cron, "0 30 2 * * *", "Europe/Berlin");
        var fire = cron.NextAfter(Utc("2026-03-28T12:00:00Z"))!.Value;
        var next = cron.NextAfter(fire)!.Value;
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), fire);
        Assert.Equal(Utc("2026-03-30T00:30:00Z"), next);
    }

    [Fact]
    public void A_local_time_repeated_by_fall_back_fires_once_not_twice()
    {
        var cron = TimeExpression.Parse(TimeExpressionType.Cron, "0 30 2 * * *", "Europe/Berlin");
        var fires = new List<DateTimeOffset>();
        var t = Utc("2026-10-24T12:00:00Z");
        for (var i = 0; i < 3; i++) fires.Add(t = cron.NextAfter(t)!.Value);
        Assert.Equal([Utc("2026-10-25T00:30:00Z"), Utc("2026-10-26T01:30:00Z"), Utc("2026-10-27T01:30:00Z")], fires);
    }

    [Fact]
    public void Fixed_rate_and_delay_add_their_interval()
    {
        var t = Utc("2026-01-01T00:00:00Z");
        Assert.Equal(t.AddMilliseconds(1500), TimeExpression.Parse(TimeExpressionType.FixedRate, "1500", null).NextAfter(t));
        var delay = TimeExpression.Parse(TimeExpressionType.FixedDelay, "2000", null);
        Assert.True(delay.WaitsForCompletion);
        Assert.Equal(t.AddSeconds(2), delay.NextAfter(t));
        Assert.Null(TimeExpression.Parse(TimeExpressionType.Api, null, null).NextAfter(t));
    }

    [Theory]
    [InlineData(TimeExpressionType.Cron, "* * *", null, "timeExpression")]
    [InlineData(TimeExpressionType.Cron, "61 * * * * *", null, "timeExpression")]
    [InlineData(TimeExpressionType.Cron, "0 0 0 * * * 2030", null, "timeExpression")]
    [InlineData(TimeExpressionType.Cron, "0 0 0 * * *", "Mars/Olympus", "timeZone")]
    [InlineData(TimeExpressionType.FixedRate, "0", null, "timeExpression")]
    [InlineData(TimeExpressionType.FixedDelay, "soon", null, "timeExpression")]
    public void Invalid_expressions_name_the_field(TimeExpressionType type, string expression, string? zone, string field)
    {
        var e = Assert.Throws<InvalidTimeExpressionException>(() => TimeExpression.Parse(type, expression, zone));
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"{field} '", e.Message);
    }
}
