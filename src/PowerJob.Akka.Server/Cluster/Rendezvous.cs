using System.Text;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>
/// Rendezvous (highest random weight) hashing: every server computes the same owner for an app from the same set
/// of members, and a membership change moves only the apps of the member that came or went.
/// </summary>
public static class Rendezvous
{
    public static string? Owner(string appName, IEnumerable<string> members) =>
        members.OrderByDescending(m => Weight(appName, m)).ThenBy(m => m, StringComparer.Ordinal).FirstOrDefault();

    private static ulong Weight(string appName, string member)
    {
        const ulong offset = 14695981039346656037, prime = 1099511628211;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes($"{appName}\u0000{member}"))
        {
            hash ^= b;
            hash *= prime;
        }
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        return hash;
    }
}
