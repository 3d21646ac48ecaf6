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

    /// <summary>A duration: a number of seconds ("10"), or with a unit: "500ms", "10s", "2m", "6h", "7d".</summary>
    public TimeSpan Duration(string key, TimeSpan defaultValue)
    {
        var raw = Raw(key);
        if (raw is null) return defaultValue;
        if (TryParseDuration(raw, out var duration)) return duration;
        Fail(key, raw, "expected a positive duration such as 10 (seconds), 10s, 500ms, 2m, 6h or 7d");
        return defaultValue;
    }

    /// <summary>Parses a positive duration as <see cref="Duration"/> reads it.</summary>
    public static bool TryParseDuration(string? raw, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (raw is null) return false;
        var text = raw.Trim().ToLowerInvariant().Replace(" ", "");
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1.0),
            _ when text.EndsWith('s') => (text[..^1], 1000.0),
            _ when text.EndsWith('m') => (text[..^1], 60_000.0),
            _ when text.EndsWith('h') => (text[..^1], 3_600_000.0),
            _ when text.EndsWith('d') => (text[..^1], 86_400_000.0),
            _ => (text, 1000.0),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            duration = TimeSpan.FromMilliseconds(value * scale);
            return true;
        }
        return false;
    }

    public Protocol Protocol(string key, Protocol defaultValue)
    {
        var raw = Raw(key);
        if (raw is null) return defaultValue;
        if (Protocols.TryParse(raw, out var protocol)) return protocol;
        Fail(key, raw, $"allowed values are {Protocols.AllowedValues}");
        return defaultValue;
    }

    /// <summary>
    /// A list written as a HOCON list in the file, or as one string anywhere (file, command line, environment):
    /// <c>akka,http</c>, <c>"akka, http"</c>, <c>[akka, http]</c> or <c>["akka","http"]</c>.
    /// </summary>
    public IReadOnlyList<string> List(string key, IReadOnlyList<string> defaultValue)
    {
        var section = configuration.GetSection(ToPath(key));
        if (section.Value is { } scalar) return SplitList(scalar);
        var items = section.GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue)
            .SelectMany(c => c.Value is null ? [] : SplitList(c.Value))
            .ToList();
        return items.Count > 0 || section.GetChildren().Any() ? items : defaultValue;
    }

    /// <summary>
    /// Splits one string holding a list: optional surrounding brackets, comma-separated entries, each trimmed and
    /// stripped of one pair of surrounding quotes (a shell or a container's env file may leave them in).
    /// </summary>
    public static IReadOnlyList<string> SplitList(string text)
    {
        var body = Unwrap(Unwrap(text.Trim(), '\''), '"').Trim();
        if (body.Length >= 2 && body[0] == '[' && body[^1] == ']') body = body[1..^1];
        return body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => Unquote(Unquote(entry, '"'), '\'').Trim())
            .Where(entry => entry.Length > 0)
            .ToList();
    }

    private static string Unquote(string text, char quote) =>
        text.Length >= 2 && text[0] == quote && text[^1] == quote ? text[1..^1] : text;

    // The whole value quoted ('["a","b"]' or "a,b"), as opposed to its entries quoted one by one ('a', 'b').
    private static string Unwrap(string text, char quote) =>
        text.Length >= 2 && text[0] == quote && text[^1] == quote && !text[1..^1].Contains(quote) ? text[1..^1] : text;

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
