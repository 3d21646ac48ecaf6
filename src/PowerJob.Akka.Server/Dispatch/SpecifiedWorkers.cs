using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Dispatch;

/// <summary>
/// PowerJob's <c>dispatchStrategyConfig</c> for the SPECIFY strategy: <c>tagIn:a,b</c> (a worker with one of those
/// tags), <c>tagEquals:a</c> (that tag), or a comma list of worker addresses <c>ip:port</c>.
/// </summary>
public sealed record SpecifiedWorkers(string Kind, IReadOnlyList<string> Values)
{
    public static SpecifiedWorkers? Parse(string? config)
    {
        if (string.IsNullOrWhiteSpace(config)) return null;
        var text = config.Trim();
        foreach (var kind in (string[])["tagIn", "tagEquals"])
        {
            if (text.StartsWith(kind + ":", StringComparison.OrdinalIgnoreCase))
                return new SpecifiedWorkers(kind, Split(text[(kind.Length + 1)..]));
        }
        return new SpecifiedWorkers("address", Split(text));
    }

    public bool Matches(WorkerInfo worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return Kind switch
        {
            "tagIn" => worker.Tag is { } tag && Values.Contains(tag, StringComparer.Ordinal),
            "tagEquals" => worker.Tag is { } tag && Values.Count == 1 && Values[0] == tag,
            _ => Values.Contains(worker.Address, StringComparer.Ordinal),
        };
    }

    public override string ToString() => Kind == "address" ? $"[{string.Join(",", Values)}]" : $"{Kind}:{string.Join(",", Values)}";

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
