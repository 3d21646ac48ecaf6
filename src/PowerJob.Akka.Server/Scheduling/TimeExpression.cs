using System.Globalization;
using Cronos;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Server.Scheduling;

/// <summary>
/// A job's validated time expression and its next fire time. CRON uses Cronos with seconds and a time zone, which
/// fires a local time skipped by a DST change once at the transition, and an ambiguous local time once.
/// </summary>
public abstract record TimeExpression
{
    public const long MinIntervalMs = 100;
    /// <summary>Longer intervals are almost certainly mistakes, and far ones overflow date arithmetic.</summary>
    public const long MaxIntervalMs = 365L * 24 * 3600 * 1000;

    /// <summary>The next fire time strictly after <paramref name="after"/>; null when there is none.</summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after);

    /// <summary>FIXED_DELAY fires relative to the previous run's completion, not to a clock.</summary>
    public virtual bool WaitsForCompletion => false;

    public static TimeExpression Parse(TimeExpressionType type, string? expression, string? timeZone) => type switch
    {
        TimeExpressionType.Api or TimeExpressionType.Workflow => new ApiTrigger(),
        TimeExpressionType.Cron => CronTrigger.Parse(expression, timeZone),
        TimeExpressionType.FixedRate => new FixedRateTrigger(ParseInterval(expression)),
        TimeExpressionType.FixedDelay => new FixedDelayTrigger(ParseInterval(expression)),
        TimeExpressionType.DailyTimeInterval => DailyTimeIntervalTrigger.Parse(expression, CronTrigger.ParseZone(timeZone)),
        _ => throw new InvalidTimeExpressionException("timeExpressionType", type.ToString(), $"allowed values are {WireEnum.Allowed<TimeExpressionType>()}"),
    };

    private static TimeSpan ParseInterval(string? expression)
    {
        if (long.TryParse(expression?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= MinIntervalMs and <= MaxIntervalMs)
            return TimeSpan.FromMilliseconds(ms);
        throw new InvalidTimeExpressionException("timeExpression", expression,
            $"expected an interval in milliseconds, from {MinIntervalMs} to {MaxIntervalMs} (365 days)");
    }
}

public sealed record ApiTrigger : TimeExpression
{
    public override DateTimeOffset? NextAfter(DateTimeOffset after) => null;
}

public sealed record FixedRateTrigger(TimeSpan Interval) : TimeExpression
{
    public override DateTimeOffset? NextAfter(DateTimeOffset after) => after + Interval;
}

public sealed record FixedDelayTrigger(TimeSpan Delay) : TimeExpression
{
    public override DateTimeOffset? NextAfter(DateTimeOffset after) => after + Delay;

    public override bool WaitsForCompletion => true;
}

public sealed record CronTrigger(CronExpression Cron, TimeZoneInfo Zone) : TimeExpression
{
    public override DateTimeOffset? NextAfter(DateTimeOffset after) => Cron.GetNextOccurrence(after, Zone, inclusive: false);

    public static CronTrigger Parse(string? expression, string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(expression))
            throw new InvalidTimeExpressionException("timeExpression", expression, "a CRON job needs a CRON expression with seconds, e.g. \"0 */5 * * * ?\"");
        var fields = expression.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 7 && fields[6] is "*" or "?") fields = fields[..6];
        if (fields.Length != 6)
            throw new InvalidTimeExpressionException("timeExpression", expression,
                "expected 6 fields: second minute hour day-of-month month day-of-week (a 7th year field may only be *)");
        CronExpression cron;
        try
        {
            cron = CronExpression.Parse(string.Join(' ', fields), CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new InvalidTimeExpressionException("timeExpression", expression, $"not a valid CRON expression: {e.Message}");
        }
        return new CronTrigger(cron, ParseZone(timeZone));
    }

    internal static TimeZoneInfo ParseZone(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidTimeExpressionException("timeZone", timeZone, "expected an IANA time zone id such as Europe/Berlin or UTC");
        }
    }
}

public sealed class InvalidTimeExpressionException(string field, string? value, string allowed)
    : Exception($"{field} '{value}' is invalid: {allowed}")
{
    public string Field { get; } = field;
}
