using System.Text.RegularExpressions;

namespace PowerJob.Akka.Tests;

/// <summary>The repository explains itself: nothing in it points outside it, and its documentation links resolve.</summary>
public class RepositorySpecs
{
    // Built from parts so this file does not match itself.
    private static readonly string[] OutsideReferences = ["../" + "shared", "shared/" + "DESIGN", "DESIGN" + " §"];

    private static IEnumerable<string> ProductFiles()
    {
        string[] roots = ["src", "docs", "hocon", "tests", ".ci"];
        string[] extensions = [".cs", ".md", ".conf", ".csproj", ".props", ".ps1", ".json", ".sql", ""];
        var files = roots.Select(r => Path.Combine(RepoFiles.Root, r)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && extensions.Contains(Path.GetExtension(f)));
        string[] topLevel = ["README.md", "build.ps1", "Directory.Build.props", "Directory.Packages.props"];
        return files.Concat(topLevel.Select(f => Path.Combine(RepoFiles.Root, f)));
    }

    [Fact]
    public void No_file_points_outside_the_repository_for_its_design()
    {
        var hits = ProductFiles()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => OutsideReferences.Any(r => l.Text.Contains(r, StringComparison.Ordinal)))
            .Select(l => $"{Path.GetRelativePath(RepoFiles.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(hits.Count == 0, "references to documents outside the repository:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void The_README_opens_by_pointing_to_the_docs_and_every_relative_link_resolves()
    {
        var readme = File.ReadAllText(Path.Combine(RepoFiles.Root, "README.md"));
        var firstParagraph = readme.Split("\n\n")[1];
        Assert.Contains("docs/architecture.md", firstParagraph);
        Assert.Contains("docs/configuration.md", firstParagraph);

        var broken = new List<string>();
        foreach (var file in new[] { "README.md", "docs/architecture.md", "docs/configuration.md" })
        {
            var path = Path.Combine(RepoFiles.Root, file);
            foreach (Match link in Regex.Matches(File.ReadAllText(path), @"\]\((?!https?://|#)([^)#\s]+)"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, link.Groups[1].Value));
                if (!File.Exists(target) && !Directory.Exists(target)) broken.Add($"{file}: {link.Groups[1].Value}");
            }
        }
        Assert.Empty(broken);
    }

    [Fact]
    public void The_configuration_reference_lists_every_key_the_nodes_read()
    {
        var reference = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "configuration.md"));
        var missing = PowerJob.Akka.Configuration.KnownKeys.All.Where(k => !reference.Contains($"`{k}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "keys missing from docs/configuration.md (add a row for each): " + string.Join(", ", missing));
    }

    [Fact]
    public void No_build_file_silences_warnings()
    {
        var buildFiles = ProductFiles().Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal));
        var silencing = buildFiles.Where(f => Regex.IsMatch(File.ReadAllText(f), "<(NoWarn|WarningsNotAsErrors)>")).ToList();
        Assert.Empty(silencing);
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", File.ReadAllText(Path.Combine(RepoFiles.Root, "Directory.Build.props")));
    }
}
