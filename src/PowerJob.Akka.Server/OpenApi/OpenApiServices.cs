using Akka.Actor;
using Akka.Hosting;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>What the OpenAPI handlers share: the store, the clock, and the scheduling actors (asked with a timeout).</summary>
public sealed class OpenApiServices(
    IPowerJobStore store,
    TimeProvider time,
    SchedulerBroadcast schedulers,
    OwnerRouter owner)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public IPowerJobStore Store => store;
    public TimeProvider Time => time;
    public OwnerRouter Owner => owner;
    public SchedulerBroadcast Schedulers => schedulers;

    public async Task<AppRecord> RequireAppAsync(RequestParameters p, CancellationToken ct)
    {
        var appId = OpenApiCall.RequiredLong(p, "appId");
        return await store.FindAppAsync(appId, ct) ?? throw new OpenApiValidationException($"appId {appId} is unknown; register the app with POST /appInfo/save");
    }

    public async Task<JobRecord> RequireJobAsync(AppRecord app, long jobId, CancellationToken ct)
    {
        var job = await store.FindJobAsync(jobId, ct);
        if (job is null || job.AppId != app.Id) throw new OpenApiValidationException($"jobId {jobId} is unknown in app '{app.AppName}' (appId {app.Id})");
        return job;
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
