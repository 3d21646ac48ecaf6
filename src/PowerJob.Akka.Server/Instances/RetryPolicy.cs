using System.Text.Json;

namespace PowerJob.Akka.Server.Instances;

public enum RetryBackoff
{
    Fixed,
    Exponential,
}

/// <summary>
/// How long a failed attempt waits before the instance is dispatched again, from fields this server adds to PowerJob's
/// <c>advancedRuntimeConfig</c>: <c>retryInterval</c> (ms, default <c>oms.instance.retry-delay</c>), <c>retryBackoff</c>
/// (<c>FIXED</c> or <c>EXPONENTIAL</c>: the interval doubles per retry) and <c>retryMaxInterval</c> (ms, the cap of an
/// exponential backoff, default 1 h). The number of retries stays <c>instanceRetryNum</c>.
/// </summary>
public sealed record RetryPolicy(TimeSpan Interval, RetryBackoff Backoff, TimeSpan MaxInterval)
{
    public const string IntervalField = "retryInterval";
    public const string BackoffField = "retryBackoff";
    public const string MaxIntervalField = "retryMaxInterval";
    public static readonly TimeSpan DefaultMaxInterval = TimeSpan.FromHours(1);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        if (Backoff == RetryBackoff.Fixed || retry <= 1) return Interval;
        var ms = Interval.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 40));
        return TimeSpan.FromMilliseconds(Math.Min(ms, Math.Max(MaxInterval.TotalMilliseconds, Interval.TotalMilliseconds)));
    }

    /// <summary>The job's policy; fields absent or invalid (see <see cref="Validate"/>) take the defaults.</summary>
    public static RetryPolicy Read(string? advancedRuntimeConfig, TimeSpan defaultInterval)
    {
        var policy = new RetryPolicy(defaultInterval, RetryBackoff.Fixed, DefaultMaxInterval);
        if (string.IsNullOrWhiteSpace(advancedRuntimeConfig) || Validate(advancedRuntimeConfig) is not null) return policy;
        using var doc = JsonDocument.Parse(advancedRuntimeConfig);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return policy;
        var root = doc.RootElement;
        if (Millis(root, IntervalField) is { } interval) policy = policy with { Interval = interval };
        if (Millis(root, MaxIntervalField) is { } max) policy = policy with { MaxInterval = max };
        if (root.TryGetProperty(BackoffField, out var b) && b.ValueKind == JsonValueKind.String)
            policy = policy with { Backoff = Enum.Parse<RetryBackoff>(b.GetString()!, ignoreCase: true) };
        return policy;
    }

    /// <summary>Null when the retry fields are absent or valid; otherwise an error naming the field, the value and what is allowed.</summary>
    public static string? Validate(string? advancedRuntimeConfig)
    {
        if (string.IsNullOrWhiteSpace(advancedRuntimeConfig)) return null;
        try
        {
            using var doc = JsonDocument.Parse(advancedRuntimeConfig);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            foreach (var field in (string[])[IntervalField, MaxIntervalField])
            {
                if (root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null &&
                    !(v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms) && ms > 0))
                    return $"advancedRuntimeConfig.{field} '{v.GetRawText()}' is invalid: expected a positive number of milliseconds";
            }
            if (root.TryGetProperty(BackoffField, out var b) && b.ValueKind != JsonValueKind.Null &&
                !(b.ValueKind == JsonValueKind.String && Enum.TryParse<RetryBackoff>(b.GetString(), ignoreCase: true, out _)))
                return $"advancedRuntimeConfig.{BackoffField} '{b.GetRawText().Trim('"')}' is invalid: allowed values are FIXED, EXPONENTIAL";
            return null;
        }
        catch (JsonException e)
        {
            return $"advancedRuntimeConfig is not valid JSON: {e.Message}";
        }
    }

    private static TimeSpan? Millis(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms) : null;
}
