using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Web;

public static class SystemEndpoints
{
    public static IEndpointRouteBuilder MapSystem(this IEndpointRouteBuilder web)
    {
        web.MapGet("/health", (ActorSystem system, TransportReadiness transports) => Results.Json(new
        {
            status = transports.Started.IsCompletedSuccessfully ? "UP" : "STARTING",
            version = Versioning.PowerJobVersion.Current,
            clusterMember = global::Akka.Cluster.Cluster.Get(system).SelfMember.Status.ToString(),
        }));
        web.MapGet("/system/ports", (PortPlan plan) => plan.Endpoints);
        return web;
    }
}
