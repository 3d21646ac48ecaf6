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
        JobEndpoints.Map(web, "queryInstance", QueryInstancesAsync);
        return web;
    }

    /// <summary>
    /// PowerJob 5's <c>InstancePageQuery</c> (appIdEq, jobIdEq, instanceIdEq/Lt/Gt, statusIn, gmtCreate/gmtModified Lt/Gt,
    /// index from 0, pageSize 10 by default, sortBy, asc), answered with its <c>PageResult</c>. The shorter names
    /// appId, jobId, status, limit and offset are read too.
    /// </summary>
    private static async Task<PageResult<InstanceInfoDto>> QueryInstancesAsync(RequestParameters p, OpenApiServices s, CancellationToken ct)
    {
        var appId = QueryValues.Long(p, "appIdEq", "appId") ?? throw new OpenApiValidationException("appIdEq (or appId) is required");
        var app = await s.Store.FindAppAsync(appId, ct)
                  ?? throw new OpenApiValidationException($"appId {appId} is unknown; register the app with POST /appInfo/save");
        var pageSize = QueryValues.Int(p, 1, MaxPageSize, "pageSize", "limit") ?? DefaultPageSize;
        var index = QueryValues.Int(p, 0, int.MaxValue, "index") ?? 0;
        var offset = QueryValues.Int(p, 0, int.MaxValue, "offset") ?? (int)Math.Min(int.MaxValue, (long)index * pageSize);
        var sortBy = QueryValues.First(p, "sortBy") is { } sort
            ? Enum.TryParse<InstanceSort>(sort, ignoreCase: true, out var column) && Enum.IsDefined(column)
                ? column
                : throw new OpenApiValidationException($"sortBy '{sort}' is invalid: allowed values are {string.Join(", ", Enum.GetNames<InstanceSort>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}")
            : InstanceSort.InstanceId;
        var query = new InstanceQuery(app.Id, QueryValues.Long(p, "jobIdEq", "jobId"), ParseStatuses(QueryValues.First(p, "statusIn", "status")), pageSize, offset)
        {
            InstanceIdEq = QueryValues.Long(p, "instanceIdEq"),
            InstanceIdLt = QueryValues.Long(p, "instanceIdLt"),
            InstanceIdGt = QueryValues.Long(p, "instanceIdGt"),
            CreatedBefore = QueryValues.Time(p, "gmtCreateLt"),
            CreatedAfter = QueryValues.Time(p, "gmtCreateGt"),
            ModifiedBefore = QueryValues.Time(p, "gmtModifiedLt"),
            ModifiedAfter = QueryValues.Time(p, "gmtModifiedGt"),
            SortBy = sortBy,
            Ascending = QueryValues.Bool(p, "asc") ?? false,
        };
        var total = await s.Store.CountInstancesAsync(query, ct);
        var items = await s.Store.QueryInstancesAsync(query, ct);
        return new PageResult<InstanceInfoDto>(offset / pageSize, pageSize, (int)((total + pageSize - 1) / pageSize), total,
            items.Select(i => InstanceInfoDto.From(i)).ToList());
    }

    /// <summary>PowerJob's <c>PowerPageQuery</c> default.</summary>
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 1000;

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
