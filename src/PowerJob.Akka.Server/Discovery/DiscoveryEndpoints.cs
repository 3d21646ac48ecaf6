using PowerJob.Akka.Versioning;

namespace PowerJob.Akka.Server.Discovery;

public static class DiscoveryEndpoints
{
    public const string VersionHeader = "X-PowerJob-Akka-Version";

    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder web)
    {
        web.MapGet("/server/assert", (string? appName, ServerDiscovery discovery, CancellationToken ct) =>
            discovery.AssertAsync(appName, ct));
        web.MapGet("/server/acquire", async (long? appId, string? protocol, string? clientVersion, string? runtime,
            ServerDiscovery discovery, HttpContext context, CancellationToken ct) =>
        {
            context.Response.Headers[VersionHeader] = context.RequestServices.GetRequiredService<Configuration.ServerOptions>().Version;
            return await discovery.AcquireAsync(appId, protocol, clientVersion, runtime, ct);
        });
        web.MapGet("/server/workerKey", (long? appId, ServerDiscovery discovery, CancellationToken ct) => discovery.WorkerKeyAsync(appId, ct));
        web.MapGet("/server/hello", () => new { version = PowerJobVersion.Current });
        return web;
    }
}
