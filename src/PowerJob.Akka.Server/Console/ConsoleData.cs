using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Discovery;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Server.Workers;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>
/// What the console pages read and do, through the same services and handlers as the OpenAPI (called in process,
/// never over HTTP), so a page shows exactly what an API client would get from this server.
/// </summary>
public sealed class ConsoleData(
    OpenApiServices api,
    IRequiredActor<WorkerRegistryActor> workers,
    IAppOwnership ownership,
    OwnershipViewHolder ownershipView,
    ActorSystem system,
    PortPlan ports)
{
    public OpenApiServices Api => api;
    public PortPlan Ports => ports;
    public DateTimeOffset Now => api.Time.GetUtcNow();

    /// <summary>OpenAPI parameters for the signed-in app; the app id always comes from the session, never from a form.</summary>
    public static RequestParameters Params(long appId, params (string Key, object? Value)[] values) =>
        RequestParameters.From(values
            .Select(v => new KeyValuePair<string, string?>(v.Key, Convert.ToString(v.Value, CultureInfo.InvariantCulture)))
            .Append(new("appId", appId.ToString(CultureInfo.InvariantCulture))));

    public Task<IReadOnlyList<WorkerInfo>> WorkersAsync(long appId, CancellationToken ct) => AppEndpoints.FetchWorkersAsync(workers, appId, ct);

    public Task<ClusterSnapshot> ClusterAsync(CancellationToken ct) => ClusterEndpoints.SnapshotAsync(system, ownershipView, api.Store, ct);

    /// <summary>The owning server's cluster address and web address, as discovery and the OpenAPI route to it.</summary>
    public (string? Cluster, string? Web, bool Here) OwnerOf(string appName)
    {
        var owner = ownership.OwnerOf(appName);
        var web = owner is null ? null : ownershipView.View?.Profiles.GetValueOrDefault(owner)?.WebAddress;
        return (owner, web, ownership.IsOwnedHere(appName));
    }
}
