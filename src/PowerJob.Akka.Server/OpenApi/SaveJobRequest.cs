using System.Globalization;
using PowerJob.Akka.Configuration;
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
    public static JobRecord Parse(RequestParameters p, long appId, JobRecord? existing, DateTimeOffset now, SecurityOptions limits)
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
            TimeExpression = type is TimeExpressionType.Api or TimeExpressionType.Workflow ? null : expression?.Trim(),
            TimeZone = string.IsNullOrWhiteSpace(zone) ? null : zone.Trim(),
            JobParams = Bounded(p["jobParams"], "jobParams", limits.MaxJobParamsLength, SecurityOptions.MaxJobParamsKey) ?? existing?.JobParams,
            MaxInstanceNum = Int(p, "maxInstanceNum", existing?.MaxInstanceNum ?? 0),
            InstanceRetryNum = Int(p, "instanceRetryNum", existing?.InstanceRetryNum ?? 0),
            TaskRetryNum = Int(p, "taskRetryNum", existing?.TaskRetryNum ?? 0),
            InstanceTimeLimitMs = Long(p, "instanceTimeLimit", existing?.InstanceTimeLimitMs ?? 0, TimeExpression.MaxIntervalMs),
            DispatchStrategy = Enum(p, "dispatchStrategy", existing?.DispatchStrategy ?? DispatchStrategy.HealthFirst),
            DesignatedWorkers = Text(p, "designatedWorkers", existing?.DesignatedWorkers, required: false, max: 4096),
            MaxWorkerCount = Int(p, "maxWorkerCount", existing?.MaxWorkerCount ?? 0),
            Concurrency = Math.Max(1, Int(p, "concurrency", existing?.Concurrency ?? 5, max: 10_000)),
            Enabled = enabled,
            NextTriggerTime = !enabled ? null : SameSchedule(existing, type, expression, zone) ? existing!.NextTriggerTime : trigger.NextAfter(now),
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            ProcessorType = Enum(p, "processorType", existing?.ProcessorType ?? ProcessorType.BuiltIn),
            Tag = Text(p, "tag", existing?.Tag, required: false, max: 256),
            Extra = p["extra"] ?? existing?.Extra,
            DispatchStrategyConfig = p["dispatchStrategyConfig"] ?? existing?.DispatchStrategyConfig,
            NotifyUserIds = NotifyUserIds(p, existing?.NotifyUserIds),
            LogConfig = JsonObject(p, "logConfig", existing?.LogConfig),
            AdvancedRuntimeConfig = JsonObject(p, "advancedRuntimeConfig", existing?.AdvancedRuntimeConfig),
            LifeCycle = JsonObject(p, "lifeCycle", existing?.LifeCycle),
            AlarmConfig = JsonObject(p, "alarmConfig", existing?.AlarmConfig),
            MinCpuCores = Double(p, "minCpuCores", existing?.MinCpuCores ?? 0),
            MinMemorySpace = Double(p, "minMemorySpace", existing?.MinMemorySpace ?? 0),
            MinDiskSpace = Double(p, "minDiskSpace", existing?.MinDiskSpace ?? 0),
        };
        JobConfigValidation.Check(job.AlarmConfig, job.AdvancedRuntimeConfig, job.LifeCycle);
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

    private static int Int(RequestParameters p, string field, int fallback, int max = 1_000_000) =>
        (int)Long(p, field, fallback, max);

    private static long Long(RequestParameters p, string field, long fallback, long max)
    {
        var raw = p[field];
        if (string.IsNullOrWhiteSpace(raw) || raw == "null") return fallback;
        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= max) return value;
        throw new OpenApiValidationException($"{field} '{OpenApiCall.Shorten(raw)}' is invalid: expected a whole number from 0 to {max}", field);
    }

    private static double Double(RequestParameters p, string field, double fallback)
    {
        var raw = p[field];
        if (string.IsNullOrWhiteSpace(raw) || raw == "null") return fallback;
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value))
            return value;
        throw new OpenApiValidationException($"{field} '{raw}' is invalid: expected a number, 0 or more");
    }

    /// <summary>A JSON object field (PowerJob's nested configs), kept as its JSON text; a string holding JSON is taken too.</summary>
    private static string? JsonObject(RequestParameters p, string field, string? fallback)
    {
        var raw = p[field];
        if (raw is null || raw == "null") return fallback;
        if (raw.Length > 16 * 1024) throw new OpenApiValidationException($"{field} is {raw.Length} characters long; at most 16384 are allowed");
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object) return document.RootElement.GetRawText();
        }
        catch (System.Text.Json.JsonException)
        {
        }
        throw new OpenApiValidationException($"{field} '{raw}' is invalid: expected a JSON object");
    }

    /// <summary>PowerJob clients send a list of user ids; its JobInfoDTO returns them as a comma list, which is also accepted.</summary>
    private static string? NotifyUserIds(RequestParameters p, string? fallback)
    {
        var raw = p["notifyUserIds"];
        if (raw is null || raw == "null") return fallback;
        var ids = raw.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(id => long.TryParse(id.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new OpenApiValidationException($"notifyUserIds entry '{id}' is invalid: expected a list of user ids")).ToList();
        return ids.Count == 0 ? null : string.Join(",", ids);
    }

    /// <summary>A parameter text within its configured length; the refusal names the field, its length, the limit and its key.</summary>
    public static string? Bounded(string? value, string field, int max, string key) =>
        value is not null && value.Length > max
            ? throw new OpenApiValidationException($"{field} is {value.Length} characters long; at most {max} are allowed ('{key}')", field)
            : value;

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
