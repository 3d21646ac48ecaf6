using System.Globalization;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>The next fire times of a time expression, shown in the job's time zone (UTC when it has none).</summary>
public sealed record SchedulePreview(IReadOnlyList<string> Times, string? Error, string? Field, string ZoneId)
{
    public const string Format = "yyyy-MM-dd HH:mm:ss zzz";

    public static SchedulePreview Of(string? type, string? expression, string? timeZone, DateTimeOffset now, int count = 5)
    {
        if (!WireEnum.TryParse<TimeExpressionType>(type ?? "API", out var parsed))
            return new([], $"timeExpressionType '{type}' is invalid: allowed values are {WireEnum.Allowed<TimeExpressionType>()}", "timeExpressionType", "UTC");
        try
        {
            return Of(TimeExpression.Parse(parsed, expression, timeZone), now, count);
        }
        catch (InvalidTimeExpressionException e)
        {
            return new([], e.Message, e.Field, timeZone ?? "UTC");
        }
    }

    /// <summary>A stored job's next fire times, starting at the trigger time the scheduler holds.</summary>
    public static SchedulePreview Of(JobRecord job, int count)
    {
        if (!job.Enabled || job.NextTriggerTime is not { } first) return new([], null, null, job.TimeZone ?? "UTC");
        try
        {
            var trigger = TimeExpression.Parse(job.TimeExpressionType, job.TimeExpression, job.TimeZone);
            var zone = trigger is CronTrigger cron ? cron.Zone : TimeZoneInfo.Utc;
            var times = new List<string> { Show(first, zone) };
            for (var at = trigger.NextAfter(first); at is { } t && times.Count < count && !trigger.WaitsForCompletion; at = trigger.NextAfter(t))
                times.Add(Show(t, zone));
            return new(times, null, null, zone.Id);
        }
        catch (InvalidTimeExpressionException e)
        {
            return new([], e.Message, e.Field, job.TimeZone ?? "UTC");
        }
    }

    private static SchedulePreview Of(TimeExpression trigger, DateTimeOffset now, int count)
    {
        var zone = trigger is CronTrigger cron ? cron.Zone : TimeZoneInfo.Utc;
        var times = new List<string>();
        for (var at = trigger.NextAfter(now); at is { } t && times.Count < count; at = trigger.NextAfter(t)) times.Add(Show(t, zone));
        return new(times, null, null, zone.Id);
    }

    public static string Show(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString(Format, CultureInfo.InvariantCulture);
}
