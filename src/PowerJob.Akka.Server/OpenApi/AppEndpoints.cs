using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Auth;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>App registration, the two sign-in calls (<c>authApp</c>, <c>assert</c>) and <c>fetchWorkers</c>.</summary>
public static class AppEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The calls that need no access token: registration and sign-in.</summary>
    public static IEndpointRouteBuilder MapApps(this IEndpointRouteBuilder web)
    {
        web.MapPost("/appInfo/save", (HttpRequest request, AppRegistration registration, CancellationToken ct) =>
            OpenApiCall.RunAsync(request, async p => (object)await registration.SaveAsync(p, ct), ct));

        web.MapPost("/openApi/authApp", (HttpRequest request, IPowerJobStore store, AppCredentials credentials, AccessTokens tokens,
            CancellationToken ct) => SignInAsync(request, store, credentials, ct, app => new { appId = app.Id, token = tokens.Issue(app) }));

        web.MapPost("/openApi/assert", (HttpRequest request, IPowerJobStore store, AppCredentials credentials, CancellationToken ct) =>
            SignInAsync(request, store, credentials, ct, app => app.Id));
        return web;
    }

    /// <summary><c>fetchWorkers</c>, inside the authenticated <c>/openApi</c> group.</summary>
    public static IEndpointRouteBuilder MapWorkers(this IEndpointRouteBuilder openApi)
    {
        openApi.MapMethods("/fetchWorkers", ["GET", "POST"], async (HttpRequest request, OpenApiServices services, CancellationToken ct) =>
            await OpenApiCall.RunAsync(request, async p =>
            {
                var app = await services.RequireAppAsync(p, ct);
                return (object)await FetchWorkersAsync(services.Apps, app.Id, ct);
            }, ct));
        return openApi;
    }

    /// <summary>
    /// <c>authApp</c> (PowerJob 5.x: JSON body appName, encryptedPassword, encryptType) and <c>assert</c> (appName, password).
    /// Beyond PowerJob, <c>appId</c> may name the app instead of <c>appName</c>.
    /// </summary>
    private static Task<IResult> SignInAsync(HttpRequest request, IPowerJobStore store, AppCredentials credentials, CancellationToken ct,
        Func<AppRecord, object> reply)
    {
        var response = request.HttpContext.Response;
        response.Headers[OpenApiAuthFilter.PassedHeader] = "false";
        return OpenApiCall.RunAsync(request, async p =>
        {
            var app = await FindAppAsync(p, store, ct);
            var secret = p["encryptedPassword"] ?? p["password"];
            var check = await credentials.CheckAsync(app, secret, p["encryptedPassword"] is null ? AppCredentials.EncryptNone : p["encryptType"], ct);
            if (!check.Passed) throw new OpenApiValidationException(check.Failure!);
            response.Headers[OpenApiAuthFilter.PassedHeader] = "true";
            return reply(check.App!);
        }, ct);
    }

    private static async Task<AppRecord> FindAppAsync(RequestParameters p, IPowerJobStore store, CancellationToken ct)
    {
        if (p["appName"] is { } name && !string.IsNullOrWhiteSpace(name))
            return await store.FindAppByNameAsync(name.Trim(), ct)
                   ?? throw new OpenApiValidationException($"appName '{OpenApiCall.Shorten(name)}' is not registered");
        if (!string.IsNullOrWhiteSpace(p["appId"]))
        {
            var appId = OpenApiCall.RequiredLong(p, "appId");
            return await store.FindAppAsync(appId, ct) ?? throw new OpenApiValidationException($"appId {appId} is not registered");
        }
        throw new OpenApiValidationException("appName is required");
    }

    /// <summary>
    /// The app's workers as its entity knows them, wherever it runs (the console shows the same list), then the workers whose
    /// last heartbeat was refused, not alive and with the reason in <c>refusal</c>.
    /// </summary>
    public static async Task<IReadOnlyList<WorkerInfo>> FetchWorkersAsync(AppRegion apps, long appId, CancellationToken ct)
    {
        var workers = await apps.AskAsync<AppWorkers>(new GetAppWorkers(appId), ct, AskTimeout);
        return [.. workers.Workers, .. workers.Refused ?? []];
    }
}

/// <summary>
/// <c>POST /appInfo/save</c>: a new app needs <c>adminPassword</c> when <c>oms.auth.admin-password</c> is set; an existing
/// app's password changes only with its current one (<c>oldPassword</c>). Saving an existing app with its current password
/// and no new one changes nothing, so registration scripts can run again.
/// </summary>
public sealed class AppRegistration(ServerOptions options, IPowerJobStore store, AppCredentials credentials, OpenApiServices services,
    AppCache apps)
{
    public async Task<long> SaveAsync(RequestParameters p, CancellationToken ct)
    {
        var appName = OpenApiCall.Required(p, "appName").Trim();
        if (appName.Length > 128) throw new OpenApiValidationException($"appName '{OpenApiCall.Shorten(appName)}' is longer than 128 characters");
        var password = OpenApiCall.Required(p, "password");
        if (password.Length > MaxPasswordLength)
            throw new OpenApiValidationException($"password is {password.Length} characters long; at most {MaxPasswordLength} are allowed");

        var existing = await store.FindAppByNameAsync(appName, ct);
        if (existing is null) return await RegisterAsync(appName, password, p["adminPassword"], ct);

        var oldPassword = p["oldPassword"];
        if (string.IsNullOrEmpty(oldPassword))
        {
            if (await credentials.CheckPlainAsync(existing, password, ct)) return existing.Id;
            throw new OpenApiValidationException(
                $"app '{appName}' is already registered; changing its password needs oldPassword (its current password)");
        }
        if (!await credentials.CheckPlainAsync(existing, oldPassword, ct))
            throw new OpenApiValidationException($"oldPassword for app '{appName}' is wrong; its password is unchanged");
        var current = await store.FindAppAsync(existing.Id, ct) ?? existing;
        if (!await store.ChangeAppPasswordAsync(current.Id, current.PasswordHash, PasswordHasher.Hash(password), ct))
            throw new OpenApiValidationException($"the password of app '{appName}' changed meanwhile; nothing was saved, try again");
        apps.Forget(current.Id);
        return current.Id;
    }

    private async Task<long> RegisterAsync(string appName, string password, string? adminPassword, CancellationToken ct)
    {
        if (options.Security.AdminPassword is { } required && !AppCredentials.SecretEquals(adminPassword, required))
            throw new OpenApiValidationException(string.IsNullOrEmpty(adminPassword)
                ? $"registering a new app needs adminPassword (the server's '{SecurityOptions.AdminPasswordKey}')"
                : "adminPassword is wrong; no app was registered");
        var app = await store.InsertAppAsync(appName, PasswordHasher.Hash(password), ct)
                  ?? throw new OpenApiValidationException($"app '{appName}' was registered meanwhile; to change its password send oldPassword");
        services.Apps.Tell(new WakeApp(app.Id));
        return app.Id;
    }

    private const int MaxPasswordLength = 256;
}
