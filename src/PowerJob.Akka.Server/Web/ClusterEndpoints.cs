using Akka.Actor;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Web;

public static class ClusterEndpoints
{
    /// <summary><c>GET /system/cluster</c>: members, their status, and the apps each owns in this server's view.</summary>
    public static IEndpointRouteBuilder MapCluster(this IEndpointRouteBuilder web)
    {
        web.MapGet("/system/cluster", async (ActorSystem system, OwnershipViewHolder holder, IPowerJobStore store, CancellationToken ct) =>
            Results.Json(await SnapshotAsync(system, holder, store, ct)));
        return web;
    }

    /// <summary>This server's view of the cluster, as <c>/system/cluster</c> serves it and the console shows it.</summary>
    public static async Task<ClusterSnapshot> SnapshotAsync(ActorSystem system, OwnershipViewHolder holder, IPowerJobStore store,
        CancellationToken ct)
    {
        var cluster = global::Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var view = holder.View;
        var apps = await store.ListAppsAsync(ct);
        var owned = apps.GroupBy(a => view?.Owner(a.AppName) ?? "").ToDictionary(g => g.Key, g => g.Select(a => a.AppName).Order().ToList());
        return new ClusterSnapshot(
            cluster.SelfAddress.ToString(),
            state.Members.Select(m => new ClusterMemberInfo(
                m.Address.ToString(),
                m.Status.ToString(),
                !state.Unreachable.Contains(m),
                m.Roles,
                view?.Profiles.GetValueOrDefault(m.Address.ToString())?.WebAddress,
                owned.GetValueOrDefault(m.Address.ToString()) ?? [])).ToList(),
            owned.GetValueOrDefault("") ?? []);
    }
}

public sealed record ClusterSnapshot(string Self, IReadOnlyList<ClusterMemberInfo> Members, IReadOnlyList<string> Unowned);

public sealed record ClusterMemberInfo(string Address, string Status, bool Reachable, IEnumerable<string> Roles, string? Web,
    IReadOnlyList<string> Apps);
