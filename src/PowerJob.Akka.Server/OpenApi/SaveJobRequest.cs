using System.Globalization;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>
/// PowerJob's <c>SaveJobInfoRequest</c> (JSON body or form fields), validated field by field into a
/// <see cref="JobRecord"/>. Enums accept PowerJob's names (CRON, MAP_REDUCE, HEALTH_FIRST) or codes.
/// </summary>
public static class SaveJobRequest
{
    public static JobRecord Parse(RequestParameters p, long appId, JobRecord? existing, DateTimeOffset now)
    {
        var type = Enum<TimeExpressionType>(p, "timeExpressionType", existing?.TimeExpressionType ?? TimeExpressionType.Api);
        var expression = p["timeExpression"] ?? existing?.TimeExpression;
        var zone = p["timeZone"] ?? existing?.TimeZone;
        TimeExpression trigger;
        try
        {
            trigger = TimeExpression.Parse(type, expression, zone);
        }
        catch (InvalidTimeExpressionException e)
        {
            throw new OpenApiValidationException(e.Message, e.Field);
        }
        var enabled = Bool(p, "enable", existing?.Enabled ?? true);
        var job = new JobRecord
        {
            Id = existing?.Id ?? 0,
            AppId = appId,
            JobName = Text(p, "jobName", existing?.JobName, required: true, max: 128)!,
            Description = Text(p, "jobDescription", existing?.Description, required: false, max: 1024),
            ProcessorInfo = Text(p, "processorInfo", existing?.ProcessorInfo, required: true, max: 256)!,
            ExecuteType = Enum(p, "executeType", existing?.ExecuteType ?? ExecuteType.Standalone),
            TimeExpressionType = type,
            TimeExpression = type == TimeExpressionType.Api ? null : expression?.Trim(),
            TimeZone = string.IsNullOrWhiteSpace(zone) ? null : zone.Trim(),
            JobParams = p["jobParams"] ?? existing?.JobParams,
            MaxInstanceNum = Int(p, "maxInstanceNum", existing?.MaxInstanceNum ?? 0),
            InstanceRetryNum = Int(p, "instanceRetryNum", existing?.InstanceRetryNum ?? 0),
            TaskRetryNum = Int(p, "taskRetryNum", existing?.TaskRetryNum ?? 0),
            InstanceTimeLimitMs = Int(p, "instanceTimeLimit", (int)Math.Min(int.MaxValue, existing?.InstanceTimeLimitMs ?? 0)),
            DispatchStrategy = Enum(p, "dispatchStrategy", existing?.DispatchStrategy ?? DispatchStrategy.HealthFirst),
            DesignatedWorkers = p["designatedWorkers"] ?? existing?.DesignatedWorkers,
            MaxWorkerCount = Int(p, "maxWorkerCount", existing?.MaxWorkerCount ?? 0),
            Concurrency = Math.Max(1, Int(p, "concurrency", existing?.Concurrency ?? 5)),
            Enabled = enabled,
            NextTriggerTime = !enabled ? null : SameSchedule(existing, type, expression, zone) ? existing!.NextTriggerTime : trigger.NextAfter(now),
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        };
        if (job.ExecuteType is ExecuteType.Broadcast && job.TimeExpressionType is TimeExpressionType.FixedRate or TimeExpressionType.FixedDelay)
            throw new OpenApiValidationException("executeType 'BROADCAST' cannot be combined with a FIXED_RATE or FIXED_DELAY timeExpressionType", "executeType");
        return job;
    }

    /// <summary>
    /// Re-saving an enabled job with the same schedule keeps its next trigger time: recomputing it from now could hand
    /// back a fire the scheduler already claimed (it claims ahead of the due time) and fire it twice.
    /// </summary>
    private static bool SameSchedule(JobRecord? existing, TimeExpressionType type, string? expression, string? zone) =>
        existing is { Enabled: true } && existing.TimeExpressionType == type
        && string.Equals(existing.TimeExpression?.Trim(), expression?.Trim(), StringComparison.Ordinal)
        && string.Equals(existing.TimeZone, string.IsNullOrWhiteSpace(zone) ? null : zone.Trim(), StringComparison.Ordinal);

    private static string? Text(RequestParameters p, string field, string? fallback, bool required, int max)
    {
        var value = p[field] ?? fallback;
        if (required && string.IsNullOrWhiteSpace(value)) throw new OpenApiValidationException($"{field} is required", field);
        if (value is not null && value.Length > max)
            throw new OpenApiValidationException($"{field} is {value.Length} characters long; at most {max} are allowed", field);
        return value?.Trim();
    }

    private static int Int(RequestParameters p, string field, int fallback)
    {
        var raw = p[field];
        if (string.IsNullOrWhiteSpace(raw) || raw == "null") return fallback;
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0) return value;
        throw new OpenApiValidationException($"{field} '{raw}' is invalid: expected a whole number, 0 or more", field);
    }

    private static bool Bool(RequestParameters p, string field, bool fallback)
    {
        var raw = p[field];
        if (string.IsNullOrWhiteSpace(raw) || raw == "null") return fallback;
        return bool.TryParse(raw, out var value) ? value : throw new OpenApiValidationException($"{field} '{raw}' is invalid: expected true or false", field);
    }

    public static T Enum<T>(RequestParameters p, string field, T fallback) where T : struct, System.Enum
    {
        var raw = p[field];
        if (string.IsNullOrWhiteSpace(raw) || raw == "null") return fallback;
        return WireEnum.TryParse<T>(raw, out var value)
            ? value
            : throw new OpenApiValidationException($"{field} '{raw}' is invalid: allowed values are {WireEnum.Allowed<T>()}", field);
    }
}
