using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerJob.Akka.Benchmarks.Reporting;

/// <summary>One printed table: a title, column headers and rows of already formatted cells.</summary>
public sealed record Table(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Notes);

/// <summary>What <c>bench-results.json</c> holds for a part that was skipped.</summary>
public sealed record SkippedPart(bool Skipped, string Reason);

/// <summary>
/// Everything one run measured: the tables that are printed and the structured figures written to JSON.
/// Both come from the same values, so the printed table and <c>bench-results.json</c> never disagree.
/// </summary>
public sealed class BenchReport(MachineInfo machine, string mode)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // The notes are prose for people ("the app's entity"), not HTML: no \u0027 escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly List<Table> _tables = [];
    private readonly Dictionary<string, object> _figures = new();
    private readonly List<string> _failures = [];
    private readonly List<string> _skipped = [];

    public MachineInfo Machine => machine;
    public IReadOnlyList<string> Failures => _failures;

    public void Add(string part, object figures, params Table[] tables)
    {
        _figures[part] = figures;
        _tables.AddRange(tables);
        foreach (var table in tables) Console.WriteLine(Render(table));
    }

    /// <summary>A part that could not run here (a missing prerequisite, not a failure): one line printed, <c>skipped</c> in the JSON.</summary>
    public void Skip(string part, string reason)
    {
        _figures[part] = new SkippedPart(true, reason);
        _skipped.Add($"{part}: skipped — {reason}");
        Console.WriteLine(_skipped[^1]);
    }

    public void Fail(string part, Exception error)
    {
        _failures.Add($"{part}: {error.GetBaseException().Message}");
        Console.Error.WriteLine($"bench: part '{part}' failed: {error}");
    }

    public string RenderAll()
    {
        var text = new StringBuilder();
        text.AppendLine($"Machine: {machine.Describe()}; mode: {mode}").AppendLine();
        foreach (var table in _tables) text.AppendLine(Render(table));
        foreach (var skipped in _skipped) text.AppendLine(skipped);
        return text.ToString();
    }

    public async Task WriteJsonAsync(string path, TimeSpan elapsed)
    {
        var document = new
        {
            Mode = mode,
            FinishedAt = DateTimeOffset.UtcNow,
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 1),
            Machine = machine,
            Parts = _figures,
            Failures = _failures,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Json) + "\n");
    }

    /// <summary>A GitHub-flavoured Markdown table, so the printed output can go into the README as it is.</summary>
    public static string Render(Table table)
    {
        var widths = table.Headers.Select((h, i) => Math.Max(h.Length, table.Rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToList();
        var text = new StringBuilder().AppendLine($"**{table.Title}**").AppendLine();
        text.AppendLine(Line(table.Headers, widths));
        text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in table.Rows) text.AppendLine(Line(row, widths));
        if (table.Notes.Count > 0) text.AppendLine();
        foreach (var note in table.Notes) text.AppendLine($"- {note}");
        return text.ToString();
    }

    private static string Line(IReadOnlyList<string> cells, IReadOnlyList<int> widths) =>
        "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
}
