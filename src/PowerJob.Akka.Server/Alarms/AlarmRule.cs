using System.Text.Json;
using MimeKit;

namespace PowerJob.Akka.Server.Alarms;

/// <summary>
/// A job's alarm, read from PowerJob's <c>alarmConfig</c> JSON: <c>alertThreshold</c> failures within
/// <c>statisticWindowLen</c> seconds raise one alarm, then <c>silenceWindowLen</c> seconds pass without any. This server
/// adds where to send it: <c>webhooks</c> (URLs) and <c>emails</c> (addresses). Without either there is nothing to do.
/// </summary>
public sealed record AlarmRule(int AlertThreshold, TimeSpan StatisticWindow, TimeSpan SilenceWindow,
    IReadOnlyList<string> Webhooks, IReadOnlyList<string> Emails)
{
    /// <summary>The rule, or null when the job has no alarm config, no channel, or an invalid one (see <see cref="Validate"/>).</summary>
    public static AlarmRule? Parse(string? alarmConfig)
    {
        if (string.IsNullOrWhiteSpace(alarmConfig) || Validate(alarmConfig) is not null) return null;
        using var doc = JsonDocument.Parse(alarmConfig);
        var root = doc.RootElement;
        var rule = new AlarmRule(Math.Max(1, Int(root, "alertThreshold")), TimeSpan.FromSeconds(Math.Max(0, Int(root, "statisticWindowLen"))),
            TimeSpan.FromSeconds(Math.Max(0, Int(root, "silenceWindowLen"))), Strings(root, "webhooks"), Strings(root, "emails"));
        return rule.Webhooks.Count + rule.Emails.Count == 0 ? null : rule;
    }

    /// <summary>Null when valid (or absent); otherwise an error naming the field, the value and what is allowed.</summary>
    public static string? Validate(string? alarmConfig)
    {
        if (string.IsNullOrWhiteSpace(alarmConfig)) return null;
        try
        {
            using var doc = JsonDocument.Parse(alarmConfig);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return $"alarmConfig '{alarmConfig}' is invalid: expected a JSON object";
            foreach (var field in (string[])["alertThreshold", "statisticWindowLen", "silenceWindowLen"])
            {
                if (root.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Number) ||
                    root.TryGetProperty(field, out v) && v.ValueKind == JsonValueKind.Number && !v.TryGetInt32(out _))
                    return $"alarmConfig.{field} '{v.GetRawText()}' is invalid: expected a whole number";
            }
            foreach (var url in Strings(root, "webhooks"))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    return $"alarmConfig.webhooks '{url}' is invalid: expected an absolute http(s) URL";
            }
            foreach (var email in Strings(root, "emails"))
            {
                if (!MailboxAddress.TryParse(email, out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
                    return $"alarmConfig.emails '{email}' is invalid: expected an e-mail address such as ops@example.com";
            }
            return null;
        }
        catch (JsonException e)
        {
            return $"alarmConfig is not valid JSON: {e.Message}";
        }
        catch (InvalidOperationException e)
        {
            return $"alarmConfig is invalid: {e.Message} (webhooks and emails are lists of strings)";
        }
    }

    private static int Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;

    /// <summary>A list of strings; a single string is taken as a list of one (or a comma list).</summary>
    private static IReadOnlyList<string> Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v)) return [];
        return v.ValueKind switch
        {
            JsonValueKind.Array => v.EnumerateArray().Select(e => e.GetString() ?? "").Select(s => s.Trim()).Where(s => s.Length > 0).ToList(),
            JsonValueKind.String => v.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            JsonValueKind.Null => [],
            _ => throw new InvalidOperationException($"'{name}' is {v.ValueKind}"),
        };
    }
}
