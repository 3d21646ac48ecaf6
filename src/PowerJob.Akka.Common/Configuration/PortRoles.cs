namespace PowerJob.Akka.Configuration;

internal static class PortRoles
{
    /// <summary>Two roles configured on one non-zero port is an error naming both keys.</summary>
    public static void RequireDistinct(SettingsReader reader, IEnumerable<(string Key, int Port)> roles)
    {
        var seen = new Dictionary<int, string>();
        foreach (var (key, port) in roles)
        {
            if (port == 0) continue;
            if (seen.TryGetValue(port, out var other))
                reader.Fail(key, port.ToString(), $"port already used by '{other}'; every role needs its own port (0 picks a free one)");
            else
                seen[port] = key;
        }
    }
}
