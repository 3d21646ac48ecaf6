using System.Reflection;

namespace PowerJob.Akka.Versioning;

public enum VersionCompatibility
{
    Compatible,
    MinorMismatch,
    MajorMismatch,
}

/// <summary>Version exchange between PowerJob.Akka nodes: same major.minor is fine, another minor warns, another major is refused.</summary>
public static class PowerJobVersion
{
    public static string Current { get; } =
        typeof(PowerJobVersion).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public static VersionCompatibility Compare(string serverVersion, string clientVersion)
    {
        if (!TryParse(serverVersion, out var server) || !TryParse(clientVersion, out var client))
            return VersionCompatibility.MajorMismatch;
        if (server.Major != client.Major) return VersionCompatibility.MajorMismatch;
        return server.Minor == client.Minor ? VersionCompatibility.Compatible : VersionCompatibility.MinorMismatch;
    }

    public static string Describe(VersionCompatibility compatibility, string serverVersion, string clientVersion) => compatibility switch
    {
        VersionCompatibility.MajorMismatch =>
            $"server version {serverVersion} and worker version {clientVersion} differ in major version; the worker is refused",
        VersionCompatibility.MinorMismatch =>
            $"server version {serverVersion} and worker version {clientVersion} differ in minor version; upgrade the older side",
        _ => $"server version {serverVersion}, worker version {clientVersion}",
    };

    private static bool TryParse(string text, out Version version)
    {
        var core = text.Trim().Split('-', '+')[0];
        if (Version.TryParse(core.Contains('.') ? core : core + ".0", out var parsed))
        {
            version = parsed;
            return true;
        }
        version = new Version();
        return false;
    }
}
