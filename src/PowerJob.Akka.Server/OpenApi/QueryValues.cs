using System.Globalization;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>Values of PowerJob's query objects (<c>JobInfoQuery</c>, <c>InstancePageQuery</c>), read leniently and refused by name.</summary>
public static class QueryValues
{
    /// <summary>The value of the first of <paramref name="fields"/> present and not null.</summary>
    public static string? First(RequestParameters p, params string[] fields) =>
        fields.Select(f => p[f]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v) && v != "null")?.Trim();

    public static long? Long(RequestParameters p, params string[] fields) => First(p, fields) is { } raw
        ? long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OpenApiValidationException($"{fields[0]} '{raw}' is not a whole number")
        : null;

    public static int? Int(RequestParameters p, int min, int max, params string[] fields) => First(p, fields) is { } raw
        ? int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new OpenApiValidationException($"{fields[0]} '{raw}' is invalid: expected a whole number from {min} to {max}")
        : null;

    public static bool? Bool(RequestParameters p, string field) => First(p, field) is { } raw
        ? bool.TryParse(raw, out var value) ? value : throw new OpenApiValidationException($"{field} '{raw}' is invalid: expected true or false")
        : null;

    /// <summary>PowerJob's clients send dates as unix milliseconds; ISO-8601 text is accepted too.</summary>
    public static DateTimeOffset Time(string raw, string field) =>
        long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.TryParse(raw.Trim('"'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw new OpenApiValidationException($"{field} '{raw}' is invalid: expected unix milliseconds or an ISO-8601 time");

    public static DateTimeOffset? Time(RequestParameters p, string field) => First(p, field) is { } raw ? Time(raw, field) : null;
}
