using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>PowerJob's <c>JobInfoDTO</c> field names; enums as PowerJob's codes, times as unix milliseconds.</summary>
public sealed record JobInfoDto(
    long Id, long AppId, string JobName, string? JobDescription, string? JobParams, int TimeExpressionType, string? TimeExpression,
    string? TimeZone, int ExecuteType, string ProcessorInfo, int MaxInstanceNum, int Concurrency, long InstanceTimeLimit,
    int InstanceRetryNum, int TaskRetryNum, int Status, long? NextTriggerTime, string? DesignatedWorkers, int MaxWorkerCount,
    int DispatchStrategy, long GmtCreate, long GmtModified)
{
    public static JobInfoDto From(JobRecord j) => new(j.Id, j.AppId, j.JobName, j.Description, j.JobParams, (int)j.TimeExpressionType,
        j.TimeExpression, j.TimeZone, (int)j.ExecuteType, j.ProcessorInfo, j.MaxInstanceNum, j.Concurrency, j.InstanceTimeLimitMs,
        j.InstanceRetryNum, j.TaskRetryNum, j.Enabled ? 1 : 2, j.NextTriggerTime?.ToUnixTimeMilliseconds(), j.DesignatedWorkers,
        j.MaxWorkerCount, (int)j.DispatchStrategy, j.CreatedAt.ToUnixTimeMilliseconds(), j.UpdatedAt.ToUnixTimeMilliseconds());
}

/// <summary>PowerJob's <c>InstanceInfoDTO</c> field names, plus the dispatch attempt and the recorded transitions.</summary>
public sealed record InstanceInfoDto(
    long InstanceId, long JobId, long AppId, int Status, string StatusName, string? Result, string? JobParams, string? InstanceParams,
    long? ExpectedTriggerTime, long? ActualTriggerTime, long? FinishedTime, long? LastReportTime, string? TaskTrackerAddress,
    int RunningTimes, int Attempt, long GmtCreate, long GmtModified, IReadOnlyList<TransitionDto>? Transitions)
{
    public static InstanceInfoDto From(InstanceRecord i, IReadOnlyList<InstanceTransition>? transitions = null) => new(
        i.InstanceId, i.JobId, i.AppId, (int)i.Status, Model.InstanceStatuses.WireName(i.Status), i.Result, i.JobParams, i.InstanceParams,
        i.ExpectedTriggerTime?.ToUnixTimeMilliseconds(), i.ActualTriggerTime?.ToUnixTimeMilliseconds(), i.FinishedTime?.ToUnixTimeMilliseconds(),
        i.LastReportTime?.ToUnixTimeMilliseconds(), i.TaskTrackerAddress, i.RunningTimes, i.Attempt, i.CreatedAt.ToUnixTimeMilliseconds(),
        i.UpdatedAt.ToUnixTimeMilliseconds(), transitions?.Select(TransitionDto.From).ToList());
}

public sealed record TransitionDto(int Status, string StatusName, long At, string? Note)
{
    public static TransitionDto From(InstanceTransition t) =>
        new((int)t.Status, Model.InstanceStatuses.WireName(t.Status), t.At.ToUnixTimeMilliseconds(), t.Note);
}

public sealed record InstanceLogDto(long InstanceId, long Time, string Level, string Content, string? WorkerAddress)
{
    public static InstanceLogDto From(InstanceLogLine l) => new(l.InstanceId, l.Time.ToUnixTimeMilliseconds(), l.Level, l.Content, l.WorkerAddress);
}
