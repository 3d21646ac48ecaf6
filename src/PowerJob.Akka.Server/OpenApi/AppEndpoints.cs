using System.Text.Json;
using Akka.Actor;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

public static class AppEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapApps(this IEndpointRouteBuilder web)
    {
        web.MapPost("/appInfo/save", async (HttpRequest request, IPowerJobStore store, OpenApiServices services, CancellationToken ct) =>
            await OpenApiCall.RunAsync(request, async p =>
            {
                var appName = OpenApiCall.Required(p, "appName").Trim();
                var password = OpenApiCall.Required(p, "password");
                if (appName.Length > 128) throw new OpenApiValidationException($"appName '{appName[..20]}...' is longer than 128 characters");
                var app = await store.SaveAppAsync(appName, PasswordHasher.Hash(password), ct);
                services.Apps.Tell(new WakeApp(app.Id));
                return (object)app.Id;
            }, ct));

        web.MapPost("/openApi/assert", async (HttpRequest request, IPowerJobStore store, CancellationToken ct) =>
            await OpenApiCall.RunAsync(request, async p =>
            {
                var appName = OpenApiCall.Required(p, "appName");
                var app = await store.FindAppByNameAsync(appName.Trim(), ct);
                if (app is null) throw new OpenApiValidationException($"appName '{appName}' is not registered");
                if (p["password"] is { } password && !PasswordHasher.Verify(password, app.PasswordHash))
                    throw new OpenApiValidationException($"password for app '{appName}' is wrong");
                return (object)app.Id;
            }, ct));

        web.MapMethods("/openApi/fetchWorkers", ["GET", "POST"], async (HttpRequest request, OpenApiServices services, CancellationToken ct) =>
            await OpenApiCall.RunAsync(request, async p =>
            {
                var app = await services.RequireAppAsync(p, ct);
                return (object)await FetchWorkersAsync(services.Apps, app.Id, ct);
            }, ct));
        return web;
    }

    /// <summary>The app's workers as its entity knows them, wherever it runs (the console shows the same list).</summary>
    public static async Task<IReadOnlyList<WorkerInfo>> FetchWorkersAsync(AppRegion apps, long appId, CancellationToken ct) =>
        (await apps.AskAsync<AppWorkers>(new GetAppWorkers(appId), ct, AskTimeout)).Workers;
}
