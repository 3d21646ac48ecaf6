using System.Globalization;
using System.Text.Json;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Scheduling;

/// <summary>What to do with the fires a job missed while no server ran its app (downtime, a take-over).</summary>
public enum MisfirePolicy
{
    /// <summary>Fire once, late, and continue from now (the default).</summary>
    FireOnceNow,
    /// <summary>Fire none of them; continue from now.</summary>
    Skip,
    /// <summary>Fire each missed due time, oldest first, at most <see cref="FirePolicy.MaxMissedFires"/> (the latest ones).</summary>
    FireAll,
}

/// <summary>
/// When a timed job may fire: inside PowerJob's <c>lifeCycle</c> (<c>{"start": ms, "end": ms}</c>, either optional), and
/// what a missed fire becomes: <c>misfirePolicy</c> (<c>FIRE_ONCE_NOW</c>, <c>SKIP</c>, <c>FIRE_ALL</c>) and
/// <c>misfireMaxFires</c> (default 10) in the job's <c>advancedRuntimeConfig</c>.
/// </summary>
public sealed record FirePolicy(DateTimeOffset? Start, DateTimeOffset? End, MisfirePolicy Misfire, int MaxMissedFires)
{
    public const string MisfireField = "misfirePolicy";
    public const string MaxFiresField = "misfireMaxFires";
    public static readonly FirePolicy Default = new(null, null, MisfirePolicy.FireOnceNow, 10);

    public static FirePolicy Read(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var policy = Default;
        if (Parse(JobFields.LifeCycle(job)) is { RootElement.ValueKind: JsonValueKind.Object } life)
        {
            using (life) policy = policy with { Start = Time(life.RootElement, "start"), End = Time(life.RootElement, "end") };
        }
        if (Parse(JobFields.AdvancedRuntimeConfig(job)) is { RootElement.ValueKind: JsonValueKind.Object } advanced)
        {
            using (advanced)
            {
                var root = advanced.RootElement;
                if (root.TryGetProperty(MisfireField, out var m) && m.ValueKind == JsonValueKind.String && TryMisfire(m.GetString(), out var misfire))
                    policy = policy with { Misfire = misfire };
                if (root.TryGetProperty(MaxFiresField, out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var max) && max > 0)
                    policy = policy with { MaxMissedFires = max };
            }
        }
        return policy;
    }

    /// <summary>Null when the fields are absent or valid; otherwise an error naming the field, the value and what is allowed.</summary>
    public static string? Validate(string? lifeCycle, string? advancedRuntimeConfig)
    {
        try
        {
            if (Parse(lifeCycle) is { } life)
            {
                using (life)
                {
                    foreach (var field in (string[])["start", "end"])
                    {
                        if (life.RootElement.ValueKind == JsonValueKind.Object && life.RootElement.TryGetProperty(field, out var v) &&
                            v.ValueKind != JsonValueKind.Null && Time(life.RootElement, field) is null)
                            return $"lifeCycle.{field} '{v.GetRawText()}' is invalid: expected epoch milliseconds or an ISO-8601 time";
                    }
                    if (life.RootElement.ValueKind == JsonValueKind.Object && Time(life.RootElement, "start") is { } s &&
                        Time(life.RootElement, "end") is { } e && e < s)
                        return $"lifeCycle.end '{e:O}' is invalid: it is before lifeCycle.start '{s:O}'";
                }
            }
            if (Parse(advancedRuntimeConfig) is { } advanced)
            {
                using (advanced)
                {
                    var root = advanced.RootElement;
                    if (root.ValueKind != JsonValueKind.Object) return null;
                    if (root.TryGetProperty(MisfireField, out var m) && m.ValueKind != JsonValueKind.Null &&
                        !(m.ValueKind == JsonValueKind.String && TryMisfire(m.GetString(), out _)))
                        return $"advancedRuntimeConfig.{MisfireField} '{m.GetRawText().Trim('"')}' is invalid: allowed values are FIRE_ONCE_NOW, SKIP, FIRE_ALL";
                    if (root.TryGetProperty(MaxFiresField, out var n) && n.ValueKind != JsonValueKind.Null &&
                        !(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var max) && max is > 0 and <= 10_000))
                        return $"advancedRuntimeConfig.{MaxFiresField} '{n.GetRawText()}' is invalid: expected a whole number from 1 to 10000";
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            return $"lifeCycle or advancedRuntimeConfig is not valid JSON: {e.Message}";
        }
    }

    public bool Allows(DateTimeOffset due) => (Start is null || due >= Start) && (End is null || due <= End);

    /// <summary>The trigger's next time after <paramref name="after"/> inside the life cycle; null once past its end.</summary>
    public DateTimeOffset? Next(TimeExpression trigger, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        DateTimeOffset? next;
        if (Start is { } start && after < start)
            // An interval trigger starts at the start; a CRON one at its first time from the start on.
            next = trigger is FixedRateTrigger or FixedDelayTrigger ? start : trigger.NextAfter(start.AddTicks(-1));
        else
            next = trigger.NextAfter(after);
        return next is { } n && End is { } end && n > end ? null : next;
    }

    private static bool TryMisfire(string? raw, out MisfirePolicy policy)
    {
        policy = MisfirePolicy.FireOnceNow;
        switch (raw?.Trim().ToUpperInvariant().Replace("-", "_", StringComparison.Ordinal))
        {
            case "FIRE_ONCE_NOW": return true;
            case "SKIP": policy = MisfirePolicy.Skip; return true;
            case "FIRE_ALL": policy = MisfirePolicy.FireAll; return true;
            default: return false;
        }
    }

    private static JsonDocument? Parse(string? json) => string.IsNullOrWhiteSpace(json) ? null : JsonDocument.Parse(json);

    private static DateTimeOffset? Time(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms) && ms > 0) return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var t)) return t;
        return null;
    }
}
