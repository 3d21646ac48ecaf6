using System.Globalization;
using Akka.Actor;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>
/// What the console pages read and do, through the same services and handlers as the OpenAPI (called in process,
/// never over HTTP), so a page shows exactly what an API client would get from this server.
/// </summary>
public sealed class ConsoleData(
    OpenApiServices api,
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

    public Task<IReadOnlyList<WorkerInfo>> WorkersAsync(long appId, CancellationToken ct) => AppEndpoints.FetchWorkersAsync(api.Apps, appId, ct);

    public async Task<IReadOnlyDictionary<long, string>> JobNamesAsync(long appId, CancellationToken ct) =>
        (await api.Store.ListJobsAsync(appId, ct)).ToDictionary(j => j.Id, j => j.JobName);

    public Task<ClusterSnapshot> ClusterAsync(CancellationToken ct) => ClusterEndpoints.SnapshotAsync(system, api.Apps, api.Store, ct);

    /// <summary>The cluster address and web address of the server running the app's entity, where discovery and the OpenAPI route to.</summary>
    public async Task<(string? Cluster, string? Web, bool Here)> OwnerOfAsync(long appId, CancellationToken ct)
    {
        var location = await ClusterEndpoints.LocateAsync(api.Apps, appId, ct);
        return (location?.Server, location?.WebAddress,
            location?.Server == global::Akka.Cluster.Cluster.Get(system).SelfAddress.ToString());
    }
}
