using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace PowerJob.Akka.Configuration;

/// <summary>Reads typed values by their HOCON key, collecting every error instead of stopping at the first.</summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    private readonly List<ConfigurationError> _errors = [];

    public IReadOnlyList<ConfigurationError> Errors => _errors;

    public void Fail(string key, string? value, string allowed) => _errors.Add(new ConfigurationError(key, value, allowed));

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) throw new InvalidConfigurationException(_errors.ToList());
    }

    public string? Raw(string key) => configuration[ToPath(key)];

    public string String(string key, string defaultValue) => Raw(key) ?? defaultValue;

    public string RequiredString(string key, string allowed)
    {
        var value = Raw(key)?.Trim();
        if (string.IsNullOrEmpty(value)) Fail(key, value, allowed);
        return value ?? "";
    }

    public int Int(string key, int defaultValue, int min, int max)
    {
        var raw = Raw(key);
        if (raw is null) return defaultValue;
        if (int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Fail(key, raw, $"expected a whole number from {min} to {max}");
        return defaultValue;
    }

    public int Port(string key, int defaultValue) => Int(key, defaultValue, 0, 65535);

    public bool Bool(string key, bool defaultValue)
    {
        var raw = Raw(key);
        if (raw is null) return defaultValue;
        if (bool.TryParse(raw.Trim(), out var value)) return value;
        Fail(key, raw, "expected true or false");
        return defaultValue;
    }

    /// <summary>A duration: a number of seconds ("10"), or with a unit: "500ms", "10s", "2m".</summary>
    public TimeSpan Duration(string key, TimeSpan defaultValue)
    {
        var raw = Raw(key);
        if (raw is null) return defaultValue;
        var text = raw.Trim().ToLowerInvariant().Replace(" ", "");
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1.0),
            _ when text.EndsWith('s') => (text[..^1], 1000.0),
            _ when text.EndsWith('m') => (text[..^1], 60_000.0),
            _ => (text, 1000.0),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
            return TimeSpan.FromMilliseconds(value * scale);
        Fail(key, raw, "expected a positive duration such as 10 (seconds), 10s, 500ms or 2m");
        return defaultValue;
    }

    public Protocol Protocol(string key, Protocol defaultValue)
    {
        var raw = Raw(key);
        if (raw is null) return defaultValue;
        if (Protocols.TryParse(raw, out var protocol)) return protocol;
        Fail(key, raw, $"allowed values are {Protocols.AllowedValues}");
        return defaultValue;
    }

    /// <summary>A list written as one comma-separated string ("AKKA,HTTP") or as a HOCON list.</summary>
    public IReadOnlyList<string> List(string key, IReadOnlyList<string> defaultValue)
    {
        var section = configuration.GetSection(ToPath(key));
        if (section.Value is { } scalar)
            return scalar.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var items = section.GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue)
            .Select(c => c.Value?.Trim())
            .Where(v => !string.IsNullOrEmpty(v))
            .Select(v => v!)
            .ToList();
        return items.Count > 0 || section.GetChildren().Any() ? items : defaultValue;
    }

    public IReadOnlyList<Protocol> ProtocolList(string key, IReadOnlyList<Protocol> defaultValue)
    {
        var section = configuration.GetSection(ToPath(key));
        if (section.Value is null && !section.GetChildren().Any()) return defaultValue;
        var result = new List<Protocol>();
        foreach (var entry in List(key, []))
        {
            if (!Protocols.TryParse(entry, out var protocol))
                Fail(key, entry, $"allowed values are {Protocols.AllowedValues}");
            else if (!result.Contains(protocol))
                result.Add(protocol);
        }
        if (result.Count == 0 && _errors.All(e => e.Key != key))
            Fail(key, section.Value ?? "[]", $"at least one protocol must be active; allowed values are {Protocols.AllowedValues}");
        return result;
    }

    /// <summary>A "host:port" endpoint.</summary>
    public static bool TryParseEndpoint(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        host = text[..colon].Trim();
        return host.Length > 0 && !host.Contains(' ') && !host.Contains("://", StringComparison.Ordinal)
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= 65535;
    }

    private static string ToPath(string key) => key.Replace('.', ':');
}
