using System.Text.Json;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Server.Retention;

/// <summary>
/// A job's own retention, from two fields this server adds to PowerJob's <c>advancedRuntimeConfig</c> JSON:
/// <c>instanceRetention</c> and <c>logRetention</c>, durations written like the server settings ("3d", "12h", "90m").
/// </summary>
public static class JobRetention
{
    public const string InstanceField = "instanceRetention";
    public const string LogField = "logRetention";

    public static RetentionPolicy Read(string? advancedRuntimeConfig, RetentionPolicy defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (string.IsNullOrWhiteSpace(advancedRuntimeConfig)) return defaults;
        return Validate(advancedRuntimeConfig) is null ? ReadValid(advancedRuntimeConfig, defaults) : defaults;
    }

    /// <summary>Null when both fields are absent or valid durations; otherwise an error naming the field, value and form allowed.</summary>
    public static string? Validate(string? advancedRuntimeConfig)
    {
        if (string.IsNullOrWhiteSpace(advancedRuntimeConfig)) return null;
        try
        {
            using var doc = JsonDocument.Parse(advancedRuntimeConfig);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var field in (string[])[InstanceField, LogField])
            {
                if (!doc.RootElement.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) continue;
                var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                if (!SettingsReader.TryParseDuration(text, out _))
                    return $"advancedRuntimeConfig.{field} '{text}' is invalid: expected a positive duration such as 7d, 12h, 90m or 3600 (seconds)";
            }
            return null;
        }
        catch (JsonException e)
        {
            return $"advancedRuntimeConfig is not valid JSON: {e.Message}";
        }
    }

    private static RetentionPolicy ReadValid(string json, RetentionPolicy defaults)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return defaults;
        return new RetentionPolicy(Field(doc.RootElement, InstanceField) ?? defaults.Instances, Field(doc.RootElement, LogField) ?? defaults.Logs);
    }

    private static TimeSpan? Field(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return SettingsReader.TryParseDuration(text, out var duration) ? duration : null;
    }
}
