using System.Globalization;
using System.Text.Json;

namespace PowerJob.Akka.Server.Scheduling;

/// <summary>
/// PowerJob's DAILY_TIME_INTERVAL: fires every <see cref="Interval"/> between <see cref="Start"/> and <see cref="End"/>
/// (both included) of every chosen day, in the job's time zone. As in PowerJob, the next fire is the previous one plus
/// the interval when that is still inside the day's window, otherwise the start of the next window; so the fires
/// of a day start at the window's start and keep the interval, and the window's end is the last time one may fire.
/// </summary>
/// <remarks>
/// The expression is PowerJob's JSON: <c>{"interval": 30, "intervalUnit": "MINUTES", "startTimeOfDay": "09:00:00",
/// "endTimeOfDay": "18:00:00", "daysOfWeek": [1, 2, 3, 4, 5]}</c>; days count 1 = Monday to 7 = Sunday, none = every
/// day; the unit is a Java <c>TimeUnit</c> name, SECONDS when left out. A window start that falls in a DST gap starts
/// at the end of the gap.
/// </remarks>
public sealed record DailyTimeIntervalTrigger(
    TimeSpan Interval, TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek> Days, TimeZoneInfo Zone) : TimeExpression
{
    private const string Example =
        "expected PowerJob's JSON such as {\"interval\":30,\"intervalUnit\":\"MINUTES\",\"startTimeOfDay\":\"09:00:00\",\"endTimeOfDay\":\"18:00:00\",\"daysOfWeek\":[1,2,3,4,5]}";

    public override DateTimeOffset? NextAfter(DateTimeOffset after) => InWindow(after + Interval);

    /// <summary>The earliest time at or after <paramref name="time"/> that lies in a window.</summary>
    public DateTimeOffset InWindow(DateTimeOffset time)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, Zone).DateTime);
        for (var day = 0; day <= 7; day++, date = date.AddDays(1))
        {
            if (!Days.Contains(date.DayOfWeek)) continue;
            var start = At(date, Start);
            if (time < start) return start;
            if (time <= At(date, End)) return time;
        }
        throw new InvalidOperationException("a week without an allowed day"); // Days is never empty
    }

    private DateTimeOffset At(DateOnly date, TimeOnly timeOfDay)
    {
        var local = date.ToDateTime(timeOfDay);
        if (Zone.IsInvalidTime(local))
            return new DateTimeOffset(local, Zone.GetUtcOffset(local.AddDays(-1))).ToOffset(TimeSpan.Zero);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToOffset(TimeSpan.Zero);
    }

    public static DailyTimeIntervalTrigger Parse(string? expression, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(expression)) throw Invalid(expression, Example);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(expression);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Invalid(expression, "not valid JSON; " + Example);
        }
        if (root.ValueKind != JsonValueKind.Object) throw Invalid(expression, Example);

        var interval = Get(root, "interval") is { ValueKind: JsonValueKind.Number } i && i.TryGetInt64(out var n) && n > 0
            ? n
            : throw Invalid(expression, "interval must be a whole number above 0; " + Example);
        var unit = Get(root, "intervalUnit") is { ValueKind: JsonValueKind.String } u ? u.GetString()!.Trim().ToUpperInvariant() : "SECONDS";
        var length = unit switch
        {
            "MILLISECONDS" => TimeSpan.FromMilliseconds(interval),
            "SECONDS" => TimeSpan.FromSeconds(interval),
            "MINUTES" => TimeSpan.FromMinutes(interval),
            "HOURS" => TimeSpan.FromHours(interval),
            "DAYS" => TimeSpan.FromDays(interval),
            _ => throw Invalid(expression, $"intervalUnit '{unit}' is not one of MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS"),
        };
        if (length < TimeSpan.FromMilliseconds(MinIntervalMs))
            throw Invalid(expression, $"the interval must be at least {MinIntervalMs} ms");
        var start = TimeOfDay(root, "startTimeOfDay", expression);
        var end = TimeOfDay(root, "endTimeOfDay", expression);
        if (end < start) throw Invalid(expression, $"endTimeOfDay {end:HH:mm:ss} is before startTimeOfDay {start:HH:mm:ss}");
        return new DailyTimeIntervalTrigger(length, start, end, DaysOfWeek(root, expression), zone);
    }

    private static TimeOnly TimeOfDay(JsonElement root, string field, string expression)
    {
        var text = Get(root, field) is { ValueKind: JsonValueKind.String } v ? v.GetString()!.Trim() : null;
        if (text is null) throw Invalid(expression, $"{field} is required, as HH:mm:ss");
        return TimeOnly.TryParseExact(text, "H:m:s", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw Invalid(expression, $"{field} '{text}' is not a time of day HH:mm:ss");
    }

    private static HashSet<DayOfWeek> DaysOfWeek(JsonElement root, string expression)
    {
        if (Get(root, "daysOfWeek") is not { ValueKind: JsonValueKind.Array } days || days.GetArrayLength() == 0)
            return [.. Enum.GetValues<DayOfWeek>()];
        var result = new HashSet<DayOfWeek>();
        foreach (var day in days.EnumerateArray())
        {
            if (day.ValueKind != JsonValueKind.Number || !day.TryGetInt32(out var number) || number is < 1 or > 7)
                throw Invalid(expression, $"daysOfWeek entry {day.GetRawText()} is not a day from 1 (Monday) to 7 (Sunday)");
            result.Add((DayOfWeek)(number % 7));
        }
        return result;
    }

    private static JsonElement? Get(JsonElement root, string name) =>
        root.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value)
            .FirstOrDefault() is { ValueKind: not JsonValueKind.Null } value ? value : null;

    private static InvalidTimeExpressionException Invalid(string? expression, string allowed) =>
        new("timeExpression", expression, allowed);
}
