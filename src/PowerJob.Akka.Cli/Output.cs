using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PowerJob.Akka.Cli;

/// <summary>Writes a reply either as its raw JSON data (<c>--json</c>) or for a person: aligned tables and key/value lists.</summary>
public sealed class Output(TextWriter writer, bool json)
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public TextWriter Writer => writer;

    public bool Json => json;

    /// <summary>Prints <paramref name="data"/> as JSON with <c>--json</c>, otherwise runs <paramref name="human"/>.</summary>
    public void Render(JsonElement data, Action human)
    {
        if (json) WriteJson(data);
        else human();
    }

    public void WriteJson(JsonElement data) => writer.WriteLine(JsonSerializer.Serialize(data, Indented));

    public void Line(string text) => writer.WriteLine(text);

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string indent = "")
    {
        var cells = rows.Select(r => r.Select(c => string.IsNullOrEmpty(c) ? "-" : OneLine(c)).ToArray()).ToList();
        if (cells.Count == 0)
        {
            writer.WriteLine($"{indent}(none)");
            return;
        }
        var widths = headers.Select((h, i) => cells.Max(r => r[i].Length) is var w && w > h.Length ? w : h.Length).ToArray();
        WriteRow(headers.ToArray());
        foreach (var row in cells) WriteRow(row);

        void WriteRow(string[] row) =>
            writer.WriteLine(indent + string.Join("  ", row.Select((c, i) => i == row.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
    }

    public void Fields(IEnumerable<(string Key, string? Value)> fields)
    {
        var list = fields.ToList();
        var width = list.Max(f => f.Key.Length);
        foreach (var (key, value) in list)
            writer.WriteLine($"{(key + ":").PadRight(width + 2)}{(string.IsNullOrEmpty(value) ? "-" : value)}");
    }

    /// <summary>Unix milliseconds (PowerJob's wire format for times) as ISO-8601 UTC.</summary>
    public static string? Time(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => Iso(DateTimeOffset.FromUnixTimeMilliseconds(value.GetInt64())),
            JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => Iso(at),
            JsonValueKind.String => value.GetString(),
            _ => null,
        } : null;

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
            _ => value.GetRawText(),
        } : null;

    public static int? Int(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    public static string? Shorten(string? text, int max = 48) =>
        text is null ? null : OneLine(text) is var line && line.Length > max ? line[..(max - 3)] + "..." : line;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
