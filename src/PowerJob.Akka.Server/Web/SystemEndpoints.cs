using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Server.Alarms;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Web;

public static class SystemEndpoints
{
    public static IEndpointRouteBuilder MapSystem(this IEndpointRouteBuilder web)
    {
        // DOWN (HTTP 503, so load balancers and probes see it) while the store cannot take writes.
        web.MapGet("/health", (ActorSystem system, TransportReadiness transports, StoreHealth storeHealth, AlarmHealth alarms, ServerLoad load) =>
        {
            var store = storeHealth.Current;
            var status = !store.Up ? "DOWN" : transports.Started.IsCompletedSuccessfully ? "UP" : "STARTING";
            return Results.Json(new
            {
                status,
                version = Versioning.PowerJobVersion.Current,
                clusterMember = global::Akka.Cluster.Cluster.Get(system).SelfMember.Status.ToString(),
                store = new { status = store.Up ? "UP" : "DOWN", error = store.Error, since = store.Since.ToUnixTimeMilliseconds() },
                // Per alarm channel: deliveries sent, failed attempts, dropped, the last error (a dead webhook shows FAILING here).
                alarms = new { failuresSeen = alarms.FailuresSeen, channels = alarms.Snapshot() },
                // What grows with outside input, next to its limit: active instances and workers per app, log lines waiting.
                load = load.Snapshot(),
            }, statusCode: store.Up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        web.MapGet("/system/ports", (PortPlan plan) => plan.Endpoints);
        return web;
    }
}
