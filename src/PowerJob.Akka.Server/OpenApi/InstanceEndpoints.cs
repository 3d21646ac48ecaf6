using Akka.Actor;
using PowerJob.Akka.Model;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>PowerJob's instance OpenAPI, plus <c>fetchInstanceLog</c>.</summary>
public static class InstanceEndpoints
{
    public static IEndpointRouteBuilder MapInstances(this IEndpointRouteBuilder web)
    {
        JobEndpoints.Map(web, "stopInstance", (p, s, ct) => CommandAsync(p, s, InstanceCommand.Stop, ct));
        JobEndpoints.Map(web, "cancelInstance", (p, s, ct) => CommandAsync(p, s, InstanceCommand.Cancel, ct));
        JobEndpoints.Map(web, "retryInstance", (p, s, ct) => CommandAsync(p, s, InstanceCommand.Retry, ct));
        JobEndpoints.Map(web, "fetchInstanceStatus", async (p, s, ct) => (int)(await s.RequireInstanceAsync(p, ct)).Status);
        JobEndpoints.Map(web, "fetchInstanceInfo", async (p, s, ct) =>
        {
            var instance = await s.RequireInstanceAsync(p, ct);
            return InstanceInfoDto.From(instance, await s.Store.ListTransitionsAsync(instance.InstanceId, ct));
        });
        JobEndpoints.Map(web, "fetchInstanceLog", async (p, s, ct) =>
            (await s.Store.ReadLogsAsync((await s.RequireInstanceAsync(p, ct)).InstanceId, ct)).Select(InstanceLogDto.From).ToList());
        JobEndpoints.Map(web, "queryInstance", async (p, s, ct) =>
        {
            var appId = p["appIdEq"] is { } eq ? eq : p["appId"];
            if (appId is null) throw new OpenApiValidationException("appId (or appIdEq) is required");
            var app = await s.Store.FindAppAsync(long.TryParse(appId, out var id) ? id : throw new OpenApiValidationException($"appId '{appId}' is not a whole number"), ct)
                      ?? throw new OpenApiValidationException($"appId {appId} is unknown");
            var jobId = p["jobIdEq"] ?? p["jobId"];
            var statuses = ParseStatuses(p["statusIn"] ?? p["status"]);
            var limit = int.TryParse(p["pageSize"] ?? p["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 100;
            var offset = int.TryParse(p["index"] ?? p["offset"], out var o) ? Math.Max(0, o) * (p["index"] is null ? 1 : limit) : 0;
            var query = new InstanceQuery(app.Id, long.TryParse(jobId, out var j) ? j : null, statuses, limit, offset);
            return (await s.Store.QueryInstancesAsync(query, ct)).Select(i => InstanceInfoDto.From(i)).ToList();
        });
        return web;
    }

    /// <summary><c>stopInstance</c>, <c>cancelInstance</c>, <c>retryInstance</c>: the owner's instance manager decides.</summary>
    public static async Task<object?> CommandAsync(RequestParameters p, OpenApiServices s, string kind, CancellationToken ct)
    {
        var app = await s.RequireAppAsync(p, ct);
        var instanceId = OpenApiCall.RequiredLong(p, "instanceId");
        var result = await s.Apps.AskAsync<InstanceCommandResult>(new InstanceCommand(kind, app.Id, instanceId), ct);
        return result.Success ? null : throw new OpenApiValidationException(result.Message);
    }

    private static IReadOnlyList<InstanceStatus>? ParseStatuses(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var items = raw.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return items.Select(item => WireEnum.TryParse<InstanceStatus>(item.Trim('"'), out var status)
            ? status
            : throw new OpenApiValidationException($"statusIn '{item}' is invalid: allowed values are {WireEnum.Allowed<InstanceStatus>()}")).ToList();
    }
}
