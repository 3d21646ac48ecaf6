using System.Text.Json;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>
/// PowerJob's <c>JobInfoDTO</c>, every field by its name (enums as PowerJob's codes, times as unix milliseconds,
/// its nested configs as JSON objects), plus <see cref="TimeZone"/>, which this product adds.
/// </summary>
public sealed record JobInfoDto
{
    public long Id { get; init; }
    public string JobName { get; init; } = "";
    public string? JobDescription { get; init; }
    public long AppId { get; init; }
    public string? JobParams { get; init; }
    public int TimeExpressionType { get; init; }
    public string? TimeExpression { get; init; }
    public int ExecuteType { get; init; }
    public int ProcessorType { get; init; }
    public string ProcessorInfo { get; init; } = "";
    public int MaxInstanceNum { get; init; }
    public int Concurrency { get; init; }
    public long InstanceTimeLimit { get; init; }
    public int InstanceRetryNum { get; init; }
    public int TaskRetryNum { get; init; }
    /// <summary>1 enabled, 2 disabled.</summary>
    public int Status { get; init; }
    public long? NextTriggerTime { get; init; }
    public double MinCpuCores { get; init; }
    public double MinMemorySpace { get; init; }
    public double MinDiskSpace { get; init; }
    public string? DesignatedWorkers { get; init; }
    public int MaxWorkerCount { get; init; }
    public string? NotifyUserIds { get; init; }
    public long GmtCreate { get; init; }
    public long GmtModified { get; init; }
    public string? Extra { get; init; }
    public int DispatchStrategy { get; init; }
    public string? DispatchStrategyConfig { get; init; }
    /// <summary>PowerJob returns the life cycle as its JSON text.</summary>
    public string? Lifecycle { get; init; }
    public JsonElement? AlarmConfig { get; init; }
    public string? Tag { get; init; }
    public JsonElement? LogConfig { get; init; }
    public JsonElement? AdvancedRuntimeConfig { get; init; }
    public string? TimeZone { get; init; }

    public static JobInfoDto From(JobRecord j) => new()
    {
        Id = j.Id, JobName = j.JobName, JobDescription = j.Description, AppId = j.AppId, JobParams = j.JobParams,
        TimeExpressionType = (int)j.TimeExpressionType, TimeExpression = j.TimeExpression, ExecuteType = (int)j.ExecuteType,
        ProcessorType = (int)j.ProcessorType, ProcessorInfo = j.ProcessorInfo, MaxInstanceNum = j.MaxInstanceNum,
        Concurrency = j.Concurrency, InstanceTimeLimit = j.InstanceTimeLimitMs, InstanceRetryNum = j.InstanceRetryNum,
        TaskRetryNum = j.TaskRetryNum, Status = j.Enabled ? 1 : 2, NextTriggerTime = j.NextTriggerTime?.ToUnixTimeMilliseconds(),
        MinCpuCores = j.MinCpuCores, MinMemorySpace = j.MinMemorySpace, MinDiskSpace = j.MinDiskSpace,
        DesignatedWorkers = j.DesignatedWorkers, MaxWorkerCount = j.MaxWorkerCount, NotifyUserIds = j.NotifyUserIds,
        GmtCreate = j.CreatedAt.ToUnixTimeMilliseconds(), GmtModified = j.UpdatedAt.ToUnixTimeMilliseconds(), Extra = j.Extra,
        DispatchStrategy = (int)j.DispatchStrategy, DispatchStrategyConfig = j.DispatchStrategyConfig, Lifecycle = j.LifeCycle,
        AlarmConfig = Json(j.AlarmConfig), Tag = j.Tag, LogConfig = Json(j.LogConfig), AdvancedRuntimeConfig = Json(j.AdvancedRuntimeConfig),
        TimeZone = j.TimeZone,
    };

    internal static JsonElement? Json(string? text)
    {
        if (text is null) return null;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

/// <summary>
/// PowerJob's <c>InstanceInfoDTO</c>, every field by its name (<see cref="WfInstanceId"/> is always null and
/// <see cref="Type"/> always 1, NORMAL: there are no workflows here), plus this product's status name, last report,
/// dispatch attempt and recorded transitions.
/// </summary>
public sealed record InstanceInfoDto(
    long JobId, long AppId, long InstanceId, long? WfInstanceId, string? JobParams, string? InstanceParams, int Status, int? Type,
    string? Result, long? ExpectedTriggerTime, long? ActualTriggerTime, long? FinishedTime, string? TaskTrackerAddress,
    long RunningTimes, long GmtCreate, long GmtModified,
    string StatusName, long? LastReportTime, int Attempt, IReadOnlyList<TransitionDto>? Transitions)
{
    /// <summary>PowerJob's InstanceType: NORMAL, or WORKFLOW for an instance run as a node of a workflow instance.</summary>
    public const int NormalInstance = 1, WorkflowInstance = 2;

    public static InstanceInfoDto From(InstanceRecord i, IReadOnlyList<InstanceTransition>? transitions = null) => new(
        i.JobId, i.AppId, i.InstanceId, i.WfInstanceId, i.JobParams, i.InstanceParams, (int)i.Status,
        i.WfInstanceId is null ? NormalInstance : WorkflowInstance, i.Result,
        i.ExpectedTriggerTime?.ToUnixTimeMilliseconds(), i.ActualTriggerTime?.ToUnixTimeMilliseconds(), i.FinishedTime?.ToUnixTimeMilliseconds(),
        i.TaskTrackerAddress, i.RunningTimes, i.CreatedAt.ToUnixTimeMilliseconds(), i.UpdatedAt.ToUnixTimeMilliseconds(),
        InstanceStatuses.WireName(i.Status), i.LastReportTime?.ToUnixTimeMilliseconds(), i.Attempt, transitions?.Select(TransitionDto.From).ToList());
}

/// <summary>PowerJob 5's <c>PageResult</c>: the page asked for (0-based), its size, how many pages and items there are, and the items.</summary>
public sealed record PageResult<T>(int Index, int PageSize, int TotalPages, long TotalItems, IReadOnlyList<T> Data);

public sealed record TransitionDto(int Status, string StatusName, long At, string? Note)
{
    public static TransitionDto From(InstanceTransition t) =>
        new((int)t.Status, InstanceStatuses.WireName(t.Status), t.At.ToUnixTimeMilliseconds(), t.Note);
}

public sealed record InstanceLogDto(long InstanceId, long Time, string Level, string Content, string? WorkerAddress)
{
    public static InstanceLogDto From(InstanceLogLine l) => new(l.InstanceId, l.Time.ToUnixTimeMilliseconds(), l.Level, l.Content, l.WorkerAddress);
}
