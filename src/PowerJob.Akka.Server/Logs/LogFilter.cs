using System.Text.Json;

namespace PowerJob.Akka.Server.Logs;

/// <summary>
/// What a job's PowerJob <c>logConfig</c> keeps of its instances' log lines. Levels are PowerJob's: DEBUG 1, INFO 2,
/// WARN 3, ERROR 4, OFF 99; <c>type</c> NULL (999) keeps nothing. The other types (where a PowerJob worker writes its
/// lines: online, local file, stdout) do not apply here: this runtime always sends the lines to the server.
/// </summary>
public sealed record LogFilter(int MinLevel)
{
    public const int NullType = 999;
    public const int Off = 99;

    public static readonly LogFilter All = new(0);

    public bool Keeps(int level) => MinLevel < Off && level >= MinLevel;

    public static LogFilter From(string? logConfig)
    {
        if (string.IsNullOrWhiteSpace(logConfig)) return All;
        using var document = JsonDocument.Parse(logConfig);
        var root = document.RootElement;
        if (Code(root, "type") == NullType) return new LogFilter(Off);
        return Code(root, "level") is { } level ? new LogFilter(level) : All;
    }

    private static int? Code(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt32(out var code) ? code : null;
}
