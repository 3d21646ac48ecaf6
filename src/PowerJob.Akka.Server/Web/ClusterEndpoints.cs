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
        {
            var cluster = global::Akka.Cluster.Cluster.Get(system);
            var state = cluster.State;
            var view = holder.View;
            var apps = await store.ListAppsAsync(ct);
            var owned = apps.GroupBy(a => view?.Owner(a.AppName) ?? "").ToDictionary(g => g.Key, g => g.Select(a => a.AppName).Order().ToList());
            return Results.Json(new
            {
                self = cluster.SelfAddress.ToString(),
                members = state.Members.Select(m => new
                {
                    address = m.Address.ToString(),
                    status = m.Status.ToString(),
                    reachable = !state.Unreachable.Contains(m),
                    roles = m.Roles,
                    web = view?.Profiles.GetValueOrDefault(m.Address.ToString())?.WebAddress,
                    apps = owned.GetValueOrDefault(m.Address.ToString()) ?? [],
                }).ToList(),
                unowned = owned.GetValueOrDefault("") ?? [],
            });
        });
        return web;
    }
}
