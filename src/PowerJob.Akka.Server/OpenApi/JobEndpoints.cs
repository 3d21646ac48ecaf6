using System.Globalization;
using Akka.Actor;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>
/// PowerJob's job OpenAPI: <c>saveJob</c>, <c>fetchJob</c>, <c>fetchAllJob</c>, <c>enableJob</c>, <c>disableJob</c>, <c>deleteJob</c>,
/// <c>runJob</c>. The handlers are public so the web console runs the very same code in process.
/// </summary>
public static class JobEndpoints
{
    private const long MaxDelayMs = Scheduling.TimeExpression.MaxIntervalMs;

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder web)
    {
        Map(web, "saveJob", SaveJobAsync);
        Map(web, "fetchJob", async (p, s, ct) =>
            JobInfoDto.From(await s.RequireJobAsync(await s.RequireAppAsync(p, ct), OpenApiCall.RequiredLong(p, "jobId"), ct)));
        Map(web, "fetchAllJob", async (p, s, ct) =>
            (await s.Store.ListJobsAsync((await s.RequireAppAsync(p, ct)).Id, ct)).Select(JobInfoDto.From).ToList());
        Map(web, "enableJob", (p, s, ct) => SetEnabledAsync(p, s, true, ct));
        Map(web, "disableJob", (p, s, ct) => SetEnabledAsync(p, s, false, ct));
        Map(web, "deleteJob", DeleteJobAsync);
        Map(web, "runJob", RunJobAsync);
        web.MapJobQueries();
        return web;
    }

    /// <summary>Creates a job (no <c>id</c>) or updates one; returns its id.</summary>
    public static async Task<long> SaveJobAsync(RequestParameters p, OpenApiServices s, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var existing = p["id"] is { Length: > 0 } id && id != "null" ? await s.RequireJobAsync(app, OpenApiCall.RequiredLong(p, "id"), ct) : null;
        var job = SaveJobRequest.Parse(p, app.Id, existing, s.Time.GetUtcNow(), s.Limits);
        await s.RequireProcessorOfferedAsync(app, job.ProcessorInfo, ct);
        var jobId = existing is null ? await s.Store.InsertJobAsync(job, ct) : job.Id;
        if (existing is not null)
        {
            // The update leaves the trigger times alone; only a changed schedule gets a new next fire, after any claimed one.
            await s.Store.UpdateJobAsync(job, ct);
            if (!Scheduling.JobSchedule.SameSchedule(existing, job)) await Scheduling.JobSchedule.RescheduleAsync(s.Store, jobId, s.Time, ct);
        }
        s.Apps.Tell(new JobChanged(app.Id, jobId));
        return jobId;
    }

    public static async Task<object?> DeleteJobAsync(RequestParameters p, OpenApiServices s, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var job = await s.RequireJobAsync(app, OpenApiCall.RequiredLong(p, "jobId"), ct);
        await s.Store.DeleteJobAsync(job.Id, ct);
        s.Apps.Tell(new JobChanged(app.Id, job.Id));
        return null;
    }

    /// <summary>Runs a job now (or after <c>delay</c> ms) with <c>instanceParams</c>; returns the instance id.</summary>
    public static async Task<long> RunJobAsync(RequestParameters p, OpenApiServices s, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        // The app's entity checks the job (from its cache of the app's jobs), so the hot path reads no job here.
        var jobId = OpenApiCall.RequiredLong(p, "jobId");
        var delay = p["delay"] is { Length: > 0 } raw && raw != "null"
            ? long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is >= 0 and <= MaxDelayMs
                ? ms
                : throw new OpenApiValidationException(
                    $"delay '{OpenApiCall.Shorten(raw)}' is invalid: expected milliseconds from 0 to {MaxDelayMs} (365 days)", "delay")
            : 0;
        var instanceParams = SaveJobRequest.Bounded(p["instanceParams"], "instanceParams", s.Limits.MaxInstanceParamsLength,
            Configuration.SecurityOptions.MaxInstanceParamsKey);
        return await s.Apps.AskAsync<object>(new RunJobRequest(app.Id, jobId, instanceParams, delay), ct) switch
        {
            InstanceCreated created => created.InstanceId,
            RunJobRefused refused => throw new CapacityException(refused.Reason),
            RunJobUnknownJob unknown => throw new OpenApiValidationException(unknown.Reason),
            var other => throw new InvalidOperationException($"unexpected answer to runJob: {other.GetType().Name}"),
        };
    }

    public static async Task<object?> SetEnabledAsync(RequestParameters p, OpenApiServices s, bool enabled, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var job = await s.RequireJobAsync(app, OpenApiCall.RequiredLong(p, "jobId"), ct);
        if (job.Enabled == enabled) return null;
        // Only a real change is written (the store checks the flag), and an enabled job's next fire comes after its last claimed one.
        var next = enabled ? Scheduling.JobSchedule.NextAfterChange(job with { Enabled = true }, s.Time.GetUtcNow()) : null;
        if (await s.Store.SetJobEnabledAsync(job.Id, enabled, next, ct)) s.Apps.Tell(new JobChanged(app.Id, job.Id));
        return null;
    }

    /// <summary>Maps <c>/{name}</c> in the <c>/openApi</c> group, whose filter has authenticated the call.</summary>
    internal static void Map(IEndpointRouteBuilder web, string name, Func<RequestParameters, OpenApiServices, CancellationToken, Task<object?>> handler) =>
        web.MapMethods($"/{name}", ["POST", "GET"], (HttpRequest request, OpenApiServices services, CancellationToken ct) =>
            OpenApiCall.RunAsync(request, p => handler(p, services, ct), ct));

    internal static void Map<T>(IEndpointRouteBuilder web, string name, Func<RequestParameters, OpenApiServices, CancellationToken, Task<T>> handler) =>
        Map(web, name, async (p, s, ct) => (object?)await handler(p, s, ct));
}
