using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>PowerJob 5's job calls beyond the basic ones: <c>copyJob</c>, <c>exportJob</c> and <c>queryJob</c>.</summary>
public static class JobQueryEndpoints
{
    public static IEndpointRouteBuilder MapJobQueries(this IEndpointRouteBuilder web)
    {
        JobEndpoints.Map(web, "copyJob", async (p, s, ct) =>
        {
            var app = await s.RequireAppAsync(p, ct);
            var job = await s.RequireJobAsync(app, OpenApiCall.RequiredLong(p, "jobId"), ct);
            var now = s.Time.GetUtcNow();
            var name = job.JobName + "_COPY";
            var copy = job with
            {
                Id = 0,
                JobName = name.Length > 128 ? name[..128] : name,
                NextTriggerTime = job.Enabled ? Scheduling.TimeExpression.Parse(job.TimeExpressionType, job.TimeExpression, job.TimeZone).NextAfter(now) : null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var id = await s.Store.InsertJobAsync(copy, ct);
            s.Apps.Tell(new JobChanged(app.Id, id));
            return id;
        });
        JobEndpoints.Map(web, "exportJob", async (p, s, ct) =>
        {
            var job = await s.RequireJobAsync(await s.RequireAppAsync(p, ct), OpenApiCall.RequiredLong(p, "jobId"), ct);
            return ExportedJob.From(job, s.Time.GetUtcNow());
        });
        JobEndpoints.Map(web, "queryJob", async (p, s, ct) =>
        {
            var appId = p["appIdEq"] is { Length: > 0 } eq && eq != "null" ? eq : p["appId"];
            if (string.IsNullOrWhiteSpace(appId)) throw new OpenApiValidationException("appIdEq (or appId) is required");
            var app = await s.Store.FindAppAsync(long.TryParse(appId, out var id) ? id : throw new OpenApiValidationException($"appIdEq '{appId}' is not a whole number"), ct)
                      ?? throw new OpenApiValidationException($"appId {appId} is unknown; register the app with POST /appInfo/save");
            var filters = JobFilter.Read(p);
            return (await s.Store.ListJobsAsync(app.Id, ct)).Where(j => filters.All(f => f(j))).Select(JobInfoDto.From).ToList();
        });
        return web;
    }

    /// <summary>PowerJob's <c>JobInfoQuery</c> fields, each a predicate; Like fields take SQL LIKE patterns (<c>%</c>, <c>_</c>).</summary>
    private static class JobFilter
    {
        public static List<Func<JobRecord, bool>> Read(RequestParameters p)
        {
            var filters = new List<Func<JobRecord, bool>>();
            void Add(string field, Func<string, Func<JobRecord, bool>> make)
            {
                if (p[field] is { } raw && raw.Trim() is { Length: > 0 } value && value != "null") filters.Add(make(value));
            }
            Add("idEq", v => j => j.Id == Long(v, "idEq"));
            Add("idLt", v => j => j.Id < Long(v, "idLt"));
            Add("idGt", v => j => j.Id > Long(v, "idGt"));
            Add("jobNameEq", v => j => j.JobName == v);
            Add("jobNameLike", v => Like(v, j => j.JobName));
            Add("jobDescriptionLike", v => Like(v, j => j.Description));
            Add("jobParamsLike", v => Like(v, j => j.JobParams));
            Add("timeExpressionTypeIn", v => { var set = Codes(v, "timeExpressionTypeIn"); return j => set.Contains((int)j.TimeExpressionType); });
            Add("executeTypeIn", v => { var set = Codes(v, "executeTypeIn"); return j => set.Contains((int)j.ExecuteType); });
            Add("processorTypeIn", v => { var set = Codes(v, "processorTypeIn"); return j => set.Contains((int)j.ProcessorType); });
            Add("processorInfoEq", v => j => j.ProcessorInfo == v);
            Add("processorInfoLike", v => Like(v, j => j.ProcessorInfo));
            Add("statusIn", v => { var set = Codes(v, "statusIn"); return j => set.Contains(j.Enabled ? 1 : 2); });
            Add("nextTriggerTimeGt", v => j => j.NextTriggerTime?.ToUnixTimeMilliseconds() > Long(v, "nextTriggerTimeGt"));
            Add("nextTriggerTimeLt", v => j => j.NextTriggerTime?.ToUnixTimeMilliseconds() < Long(v, "nextTriggerTimeLt"));
            Add("notifyUserIdsLike", v => Like(v, j => j.NotifyUserIds));
            Add("gmtCreateLt", v => j => j.CreatedAt < QueryValues.Time(v, "gmtCreateLt"));
            Add("gmtCreateGt", v => j => j.CreatedAt > QueryValues.Time(v, "gmtCreateGt"));
            Add("gmtModifiedLt", v => j => j.UpdatedAt < QueryValues.Time(v, "gmtModifiedLt"));
            Add("gmtModifiedGt", v => j => j.UpdatedAt > QueryValues.Time(v, "gmtModifiedGt"));
            Add("dispatchStrategyEq", v => j => (int)j.DispatchStrategy == WireCode<DispatchStrategy>(v, "dispatchStrategyEq"));
            Add("tagEq", v => j => j.Tag == v);
            return filters;
        }

        private static Func<JobRecord, bool> Like(string pattern, Func<JobRecord, string?> field)
        {
            var regex = new Regex("^" + Regex.Escape(pattern).Replace("%", ".*").Replace("_", ".") + "$",
                RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return j => field(j) is { } value && regex.IsMatch(value);
        }

        private static long Long(string raw, string field) =>
            long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new OpenApiValidationException($"{field} '{raw}' is not a whole number");

        private static int WireCode<T>(string raw, string field) where T : struct, Enum =>
            WireEnum.TryParse<T>(raw.Trim('"'), out var value)
                ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
                : throw new OpenApiValidationException($"{field} '{raw}' is invalid: allowed values are {WireEnum.Allowed<T>()}");

        internal static HashSet<int> Codes(string raw, string field) =>
            raw.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(item => int.TryParse(item.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
                    ? code
                    : throw new OpenApiValidationException($"{field} entry '{item}' is not a code number"))
                .ToHashSet();
    }
}

/// <summary>
/// PowerJob's <c>SaveJobInfoRequest</c> as <c>exportJob</c> returns it: enums by name, ready to be sent back to
/// <c>saveJob</c> (no id, the name marked as an export).
/// </summary>
public sealed record ExportedJob
{
    public long? Id { get; init; }
    public string JobName { get; init; } = "";
    public string? JobDescription { get; init; }
    public long AppId { get; init; }
    public string? JobParams { get; init; }
    public string TimeExpressionType { get; init; } = "";
    public string? TimeExpression { get; init; }
    public string ExecuteType { get; init; } = "";
    public string ProcessorType { get; init; } = "";
    public string ProcessorInfo { get; init; } = "";
    public int MaxInstanceNum { get; init; }
    public int Concurrency { get; init; }
    public long InstanceTimeLimit { get; init; }
    public int InstanceRetryNum { get; init; }
    public int TaskRetryNum { get; init; }
    public double MinCpuCores { get; init; }
    public double MinMemorySpace { get; init; }
    public double MinDiskSpace { get; init; }
    public bool Enable { get; init; }
    public string? DesignatedWorkers { get; init; }
    public int MaxWorkerCount { get; init; }
    public IReadOnlyList<long>? NotifyUserIds { get; init; }
    public string? Extra { get; init; }
    public string DispatchStrategy { get; init; } = "";
    public string? DispatchStrategyConfig { get; init; }
    public JsonElement? LifeCycle { get; init; }
    public JsonElement? AlarmConfig { get; init; }
    public string? Tag { get; init; }
    public JsonElement? LogConfig { get; init; }
    public JsonElement? AdvancedRuntimeConfig { get; init; }
    public string? TimeZone { get; init; }

    public static ExportedJob From(JobRecord j, DateTimeOffset now) => new()
    {
        JobName = $"{j.JobName}_EXPORT_{now.ToUnixTimeMilliseconds()}", JobDescription = j.Description, AppId = j.AppId,
        JobParams = j.JobParams, TimeExpressionType = WireEnum.Name(j.TimeExpressionType), TimeExpression = j.TimeExpression,
        ExecuteType = WireEnum.Name(j.ExecuteType), ProcessorType = WireEnum.Name(j.ProcessorType), ProcessorInfo = j.ProcessorInfo,
        MaxInstanceNum = j.MaxInstanceNum, Concurrency = j.Concurrency, InstanceTimeLimit = j.InstanceTimeLimitMs,
        InstanceRetryNum = j.InstanceRetryNum, TaskRetryNum = j.TaskRetryNum, MinCpuCores = j.MinCpuCores,
        MinMemorySpace = j.MinMemorySpace, MinDiskSpace = j.MinDiskSpace, Enable = j.Enabled, DesignatedWorkers = j.DesignatedWorkers,
        MaxWorkerCount = j.MaxWorkerCount,
        NotifyUserIds = j.NotifyUserIds?.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList(),
        Extra = j.Extra, DispatchStrategy = WireEnum.Name(j.DispatchStrategy), DispatchStrategyConfig = j.DispatchStrategyConfig,
        LifeCycle = JobInfoDto.Json(j.LifeCycle), AlarmConfig = JobInfoDto.Json(j.AlarmConfig), Tag = j.Tag,
        LogConfig = JobInfoDto.Json(j.LogConfig), AdvancedRuntimeConfig = JobInfoDto.Json(j.AdvancedRuntimeConfig), TimeZone = j.TimeZone,
    };
}
