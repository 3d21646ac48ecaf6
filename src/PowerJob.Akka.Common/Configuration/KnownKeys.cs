using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace PowerJob.Akka.Configuration;

/// <summary>
/// The keys nodes read, and a check for keys under <c>oms.</c> or <c>powerjob.worker.</c> that nothing reads: a typo
/// such as <c>oms.akka.prot</c> would otherwise leave the default in force without a word.
/// </summary>
/// <remarks>
/// The known keys are the <c>const string</c> key names declared by the option types in this namespace, so a key added
/// to <see cref="ServerOptions"/> or <see cref="WorkerOptions"/> is known without being listed twice. Both node kinds
/// know both sets: the demo reads server and worker keys from one file.
/// </remarks>
public static class KnownKeys
{
    private static readonly string[] CheckedPrefixes = ["oms.", "powerjob.worker."];

    public static IReadOnlyList<string> All { get; } = typeof(KnownKeys).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(KnownKeys).Namespace)
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
        .Select(f => ((string)f.GetRawConstantValue()!).ToLowerInvariant())
        .Where(k => CheckedPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal)) || k.StartsWith("server.", StringComparison.Ordinal))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static readonly HashSet<string> Known = new(All, StringComparer.OrdinalIgnoreCase);

    /// <summary>One warning per key under a checked prefix that no node reads, naming the closest known key.</summary>
    public static IReadOnlyList<string> UnknownKeyWarnings(IConfiguration configuration)
    {
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, value) in configuration.AsEnumerable())
        {
            if (value is null) continue;
            var key = path.Replace(':', '.').ToLowerInvariant();
            if (!CheckedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))) continue;
            if (!IsKnown(key)) unknown.Add(key);
        }
        return unknown.Select(key => $"unknown configuration key '{key}' is ignored; did you mean '{Closest(key)}'?").ToList();
    }

    /// <summary>The known key with the smallest edit distance; ties go to the first in alphabetical order.</summary>
    public static string Closest(string key) =>
        All.MinBy(known => EditDistance(key.ToLowerInvariant(), known)) ?? "";

    // A list written as a HOCON list arrives as key.0, key.1, ...: its entries belong to the list key.
    private static bool IsKnown(string key)
    {
        while (true)
        {
            if (Known.Contains(key)) return true;
            var dot = key.LastIndexOf('.');
            if (dot < 0 || !int.TryParse(key[(dot + 1)..], out _)) return false;
            key = key[..dot];
        }
    }

    /// <summary>
    /// Edit distance counting insertions, deletions, substitutions and swaps of two neighbours as one each
    /// (optimal string alignment): the typos people make in key names.
    /// </summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
