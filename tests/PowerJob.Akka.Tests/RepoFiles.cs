namespace PowerJob.Akka.Tests;

internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Hocon(string name) => Path.Combine(Root, "hocon", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PowerJob.Akka.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
