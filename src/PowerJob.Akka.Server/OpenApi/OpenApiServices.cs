using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>What the OpenAPI handlers share: the store, the clock, and the app entities (through the shard region, asked with a timeout).</summary>
public sealed class OpenApiServices(
    IPowerJobStore store,
    TimeProvider time,
    AppRegion apps,
    Configuration.ServerOptions options)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public IPowerJobStore Store => store;
    public TimeProvider Time => time;
    /// <summary>The app entities: calls that need the app's state go to its entity, wherever it runs.</summary>
    public AppRegion Apps => apps;
    public Configuration.SecurityOptions Limits => options.Security;

    public async Task<AppRecord> RequireAppAsync(RequestParameters p, CancellationToken ct)
    {
        var appId = OpenApiCall.RequiredLong(p, "appId");
        if (p.AuthenticatedApp is { } authenticated && authenticated.Id == appId) return authenticated;
        return await store.FindAppAsync(appId, ct) ?? throw new OpenApiValidationException($"appId {appId} is unknown; register the app with POST /appInfo/save");
    }

    public async Task<JobRecord> RequireJobAsync(AppRecord app, long jobId, CancellationToken ct)
    {
        var job = await store.FindJobAsync(jobId, ct);
        if (job is null || job.AppId != app.Id) throw new OpenApiValidationException($"jobId {jobId} is unknown in app '{app.AppName}' (appId {app.Id})");
        return job;
    }

    /// <summary>
    /// Rejects a processor name that none of the app's live PowerJob.Akka workers announces. Without such workers in
    /// the list of the app's entity (none up yet, PowerJob workers only) nothing can be checked.
    /// </summary>
    public async Task RequireProcessorOfferedAsync(AppRecord app, string processorInfo, CancellationToken ct)
    {
        var list = await apps.AskAsync<AppWorkers>(new GetAppWorkers(app.Id), ct, AskTimeout);
        var announced = list.Workers.Where(w => w.Alive && w.Processors is not null).ToList();
        if (announced.Count == 0 || announced.Any(w => w.Processors!.Contains(processorInfo))) return;
        var offered = announced.SelectMany(w => w.Processors!).Distinct().Order(StringComparer.Ordinal);
        throw new OpenApiValidationException(
            $"processorInfo '{processorInfo}' is not offered by any live worker of app '{app.AppName}'; offered: [{string.Join(", ", offered)}]",
            "processorInfo");
    }

    public async Task<InstanceRecord> RequireInstanceAsync(RequestParameters p, CancellationToken ct)
    {
        var instanceId = OpenApiCall.RequiredLong(p, "instanceId");
        var instance = await store.FindInstanceAsync(instanceId, ct) ?? throw new OpenApiValidationException($"instanceId {instanceId} is unknown");
        if (p["appId"] is { } appId && appId != instance.AppId.ToString())
            throw new OpenApiValidationException($"instanceId {instanceId} does not belong to appId {appId}");
        return instance;
    }
}
