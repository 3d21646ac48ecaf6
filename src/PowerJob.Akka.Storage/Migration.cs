using System.Globalization;
using System.Reflection;

namespace PowerJob.Akka.Storage;

/// <summary>One schema script, embedded as <c>Migrations/&lt;Dialect&gt;/&lt;version&gt;_&lt;description&gt;.sql</c>.</summary>
internal sealed record Migration(int Version, string Description, string Sql)
{
    public static IReadOnlyList<Migration> Load(string dialect)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"Migrations/{dialect}/";
        var migrations = assembly.GetManifestResourceNames()
            .Select(name => (Resource: name, Path: name.Replace('\\', '/')))
            .Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal) && r.Path.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r => Read(assembly, r.Resource, Path.GetFileNameWithoutExtension(r.Path)))
            .OrderBy(m => m.Version)
            .ToList();
        if (migrations.Count == 0) throw new InvalidOperationException($"no embedded migrations under {prefix}");
        if (migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
            throw new InvalidOperationException($"duplicate migration versions under {prefix}");
        return migrations;
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        var separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new InvalidOperationException($"migration '{resource}' must be named <version>_<description>.sql");
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"migration '{resource}' is missing");
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
