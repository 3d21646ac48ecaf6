using Akka.Actor;
using Akka.Cluster;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Web;

public static class ClusterEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    /// <summary><c>GET /system/cluster</c>: members, their status and web address, and the apps whose entity runs on each.</summary>
    public static IEndpointRouteBuilder MapCluster(this IEndpointRouteBuilder web)
    {
        web.MapGet("/system/cluster", async (ActorSystem system, AppRegion region, IPowerJobStore store, CancellationToken ct) =>
            Results.Json(await SnapshotAsync(system, region, store, ct)));
        return web;
    }

    /// <summary>
    /// The cluster as <c>/system/cluster</c> serves it and the console shows it. Every app's entity is asked where it runs
    /// (which also starts it); apps that did not answer are listed as unowned.
    /// </summary>
    public static async Task<ClusterSnapshot> SnapshotAsync(ActorSystem system, AppRegion region, IPowerJobStore store, CancellationToken ct)
    {
        var cluster = global::Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var apps = await store.ListAppsAsync(ct);
        var locations = await Task.WhenAll(apps.Select(async app => (app.AppName, Location: await LocateAsync(region, app.Id, ct))));
        var owned = locations.GroupBy(l => l.Location?.Server ?? "").ToDictionary(g => g.Key, g => g.Select(l => l.AppName).Order().ToList());
        var profiles = await Task.WhenAll(state.Members.Select(m => ProfileAsync(system, m, ct)));
        return new ClusterSnapshot(
            cluster.SelfAddress.ToString(),
            state.Members.Zip(profiles).Select(pair => new ClusterMemberInfo(
                pair.First.Address.ToString(),
                pair.First.Status.ToString(),
                !state.Unreachable.Contains(pair.First),
                pair.First.Roles,
                pair.Second?.WebAddress,
                owned.GetValueOrDefault(pair.First.Address.ToString()) ?? [])).ToList(),
            owned.GetValueOrDefault("") ?? []);
    }

    /// <summary>Where the app's entity runs; null when it did not answer in time.</summary>
    public static async Task<AppLocation?> LocateAsync(AppRegion region, long appId, CancellationToken ct)
    {
        try
        {
            return await region.AskAsync<AppLocation>(new WhereIsApp(appId), ct, AskTimeout);
        }
        catch (NoOwnerException)
        {
            return null;
        }
    }

    private static async Task<PeerPong?> ProfileAsync(ActorSystem system, Member member, CancellationToken ct)
    {
        if (member.Status != MemberStatus.Up || !member.HasRole(ServerClusterSystem.Role)) return null;
        try
        {
            return await system.ActorSelection(ClusterPeerActor.PathOn(member.Address.ToString()))
                .Ask<PeerPong>(new PeerPing(global::Akka.Cluster.Cluster.Get(system).SelfAddress.ToString()), AskTimeout, ct);
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException)
        {
            return null;
        }
    }
}

public sealed record ClusterSnapshot(string Self, IReadOnlyList<ClusterMemberInfo> Members, IReadOnlyList<string> Unowned);

public sealed record ClusterMemberInfo(string Address, string Status, bool Reachable, IEnumerable<string> Roles, string? Web,
    IReadOnlyList<string> Apps);
