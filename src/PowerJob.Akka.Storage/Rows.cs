using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

// Dapper reads into and binds from these flat rows (the instance row also binds itself to the writes every instance goes
// through, see Statement); the records' times and enums are converted here by hand so neither provider's own
// DateTimeOffset or enum handling is involved.

internal sealed class AppRow
{
    public long Id { get; set; }
    public string AppName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public long CreatedAt { get; set; }

    public AppRecord ToRecord() => new(Id, AppName, PasswordHash, UnixMs.ToTime(CreatedAt));
}

internal sealed class JobRow
{
    public long Id { get; set; }
    public long AppId { get; set; }
    public string JobName { get; set; } = "";
    public string? Description { get; set; }
    public string ProcessorInfo { get; set; } = "";
    public int ExecuteType { get; set; }
    public int TimeExpressionType { get; set; }
    public string? TimeExpression { get; set; }
    public string? TimeZone { get; set; }
    public string? JobParams { get; set; }
    public int MaxInstanceNum { get; set; }
    public int InstanceRetryNum { get; set; }
    public int TaskRetryNum { get; set; }
    public long InstanceTimeLimitMs { get; set; }
    public int DispatchStrategy { get; set; }
    public string? DesignatedWorkers { get; set; }
    public int MaxWorkerCount { get; set; }
    public int Concurrency { get; set; }
    public bool Enabled { get; set; }
    public long? NextTriggerTime { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? LastFireTime { get; set; }
    public int ProcessorType { get; set; }
    public string? Tag { get; set; }
    public string? Extra { get; set; }
    public string? LogConfig { get; set; }
    public string? AdvancedRuntimeConfig { get; set; }
    public string? DispatchStrategyConfig { get; set; }
    public string? NotifyUserIds { get; set; }
    public string? LifeCycle { get; set; }
    public string? AlarmConfig { get; set; }
    public double MinCpuCores { get; set; }
    public double MinMemorySpace { get; set; }
    public double MinDiskSpace { get; set; }

    public static JobRow From(JobRecord r) => new()
    {
        Id = r.Id, AppId = r.AppId, JobName = r.JobName, Description = r.Description, ProcessorInfo = r.ProcessorInfo,
        ExecuteType = (int)r.ExecuteType, TimeExpressionType = (int)r.TimeExpressionType, TimeExpression = r.TimeExpression,
        TimeZone = r.TimeZone, JobParams = r.JobParams, MaxInstanceNum = r.MaxInstanceNum, InstanceRetryNum = r.InstanceRetryNum,
        TaskRetryNum = r.TaskRetryNum, InstanceTimeLimitMs = r.InstanceTimeLimitMs, DispatchStrategy = (int)r.DispatchStrategy,
        DesignatedWorkers = r.DesignatedWorkers, MaxWorkerCount = r.MaxWorkerCount, Concurrency = r.Concurrency,
        Enabled = r.Enabled, NextTriggerTime = UnixMs.From(r.NextTriggerTime),
        CreatedAt = UnixMs.From(r.CreatedAt), UpdatedAt = UnixMs.From(r.UpdatedAt), LastFireTime = UnixMs.From(r.LastFireTime),
        ProcessorType = (int)r.ProcessorType, Tag = r.Tag, Extra = r.Extra, LogConfig = r.LogConfig,
        AdvancedRuntimeConfig = r.AdvancedRuntimeConfig, DispatchStrategyConfig = r.DispatchStrategyConfig,
        NotifyUserIds = r.NotifyUserIds, LifeCycle = r.LifeCycle, AlarmConfig = r.AlarmConfig,
        MinCpuCores = r.MinCpuCores, MinMemorySpace = r.MinMemorySpace, MinDiskSpace = r.MinDiskSpace,
    };

    public JobRecord ToRecord() => new()
    {
        Id = Id, AppId = AppId, JobName = JobName, Description = Description, ProcessorInfo = ProcessorInfo,
        ExecuteType = (ExecuteType)ExecuteType, TimeExpressionType = (TimeExpressionType)TimeExpressionType,
        TimeExpression = TimeExpression, TimeZone = TimeZone, JobParams = JobParams, MaxInstanceNum = MaxInstanceNum,
        InstanceRetryNum = InstanceRetryNum, TaskRetryNum = TaskRetryNum, InstanceTimeLimitMs = InstanceTimeLimitMs,
        DispatchStrategy = (DispatchStrategy)DispatchStrategy, DesignatedWorkers = DesignatedWorkers,
        MaxWorkerCount = MaxWorkerCount, Concurrency = Concurrency, Enabled = Enabled,
        NextTriggerTime = UnixMs.ToTime(NextTriggerTime), CreatedAt = UnixMs.ToTime(CreatedAt), UpdatedAt = UnixMs.ToTime(UpdatedAt),
        LastFireTime = UnixMs.ToTime(LastFireTime),
        ProcessorType = (ProcessorType)ProcessorType, Tag = Tag, Extra = Extra, LogConfig = LogConfig,
        AdvancedRuntimeConfig = AdvancedRuntimeConfig, DispatchStrategyConfig = DispatchStrategyConfig,
        NotifyUserIds = NotifyUserIds, LifeCycle = LifeCycle, AlarmConfig = AlarmConfig,
        MinCpuCores = MinCpuCores, MinMemorySpace = MinMemorySpace, MinDiskSpace = MinDiskSpace,
    };
}

internal sealed class InstanceRow
{
    public long InstanceId { get; set; }
    public long JobId { get; set; }
    public long AppId { get; set; }
    public int Status { get; set; }
    public string? JobParams { get; set; }
    public string? InstanceParams { get; set; }
    public string? Result { get; set; }
    public long? ExpectedTriggerTime { get; set; }
    public long? ActualTriggerTime { get; set; }
    public long? FinishedTime { get; set; }
    public long? LastReportTime { get; set; }
    public string? TaskTrackerAddress { get; set; }
    public int RunningTimes { get; set; }
    public int Attempt { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? WfInstanceId { get; set; }
    public long? WfNodeId { get; set; }

    public static InstanceRow From(InstanceRecord r) => new()
    {
        InstanceId = r.InstanceId, JobId = r.JobId, AppId = r.AppId, Status = (int)r.Status, JobParams = r.JobParams,
        InstanceParams = r.InstanceParams, Result = r.Result, ExpectedTriggerTime = UnixMs.From(r.ExpectedTriggerTime),
        ActualTriggerTime = UnixMs.From(r.ActualTriggerTime), FinishedTime = UnixMs.From(r.FinishedTime),
        LastReportTime = UnixMs.From(r.LastReportTime), TaskTrackerAddress = r.TaskTrackerAddress,
        RunningTimes = r.RunningTimes, Attempt = r.Attempt, CreatedAt = UnixMs.From(r.CreatedAt), UpdatedAt = UnixMs.From(r.UpdatedAt),
        WfInstanceId = r.WfInstanceId, WfNodeId = r.WfNodeId,
    };

    /// <summary>Sets the parameters of <c>InsertInstanceSql</c>: every column but the key.</summary>
    public void BindInsert(Statement insert)
    {
        insert.Set("@JobId", JobId);
        insert.Set("@AppId", AppId);
        insert.Set("@CreatedAt", CreatedAt);
        insert.Set("@WfInstanceId", WfInstanceId);
        insert.Set("@WfNodeId", WfNodeId);
        BindUpdatable(insert);
    }

    /// <summary>Sets the row's parameters of <c>UpdateInstanceSql</c>: the key and the columns an update may change.</summary>
    public void BindUpdate(Statement update)
    {
        update.Set("@InstanceId", InstanceId);
        BindUpdatable(update);
    }

    private void BindUpdatable(Statement statement)
    {
        statement.Set("@Status", Status);
        statement.Set("@JobParams", JobParams);
        statement.Set("@InstanceParams", InstanceParams);
        statement.Set("@Result", Result);
        statement.Set("@ExpectedTriggerTime", ExpectedTriggerTime);
        statement.Set("@ActualTriggerTime", ActualTriggerTime);
        statement.Set("@FinishedTime", FinishedTime);
        statement.Set("@LastReportTime", LastReportTime);
        statement.Set("@TaskTrackerAddress", TaskTrackerAddress);
        statement.Set("@RunningTimes", RunningTimes);
        statement.Set("@Attempt", Attempt);
        statement.Set("@UpdatedAt", UpdatedAt);
    }

    public InstanceRecord ToRecord() => new()
    {
        InstanceId = InstanceId, JobId = JobId, AppId = AppId, Status = (InstanceStatus)Status, JobParams = JobParams,
        InstanceParams = InstanceParams, Result = Result, ExpectedTriggerTime = UnixMs.ToTime(ExpectedTriggerTime),
        ActualTriggerTime = UnixMs.ToTime(ActualTriggerTime), FinishedTime = UnixMs.ToTime(FinishedTime),
        LastReportTime = UnixMs.ToTime(LastReportTime), TaskTrackerAddress = TaskTrackerAddress,
        RunningTimes = RunningTimes, Attempt = Attempt, CreatedAt = UnixMs.ToTime(CreatedAt), UpdatedAt = UnixMs.ToTime(UpdatedAt),
        WfInstanceId = WfInstanceId, WfNodeId = WfNodeId,
    };
}

internal sealed class TransitionRow
{
    public long InstanceId { get; set; }
    public int Status { get; set; }
    public long ChangedAt { get; set; }
    public string? Note { get; set; }

    public InstanceTransition ToRecord() => new(InstanceId, (InstanceStatus)Status, UnixMs.ToTime(ChangedAt), Note);
}

internal sealed class LogRow
{
    public long InstanceId { get; set; }
    public long LogTime { get; set; }
    public string LogLevel { get; set; } = "";
    public string Content { get; set; } = "";
    public string? WorkerAddress { get; set; }

    public InstanceLogLine ToRecord() => new(InstanceId, UnixMs.ToTime(LogTime), LogLevel, Content, WorkerAddress);
}

internal sealed class WorkflowRow
{
    public long Id { get; set; }
    public long AppId { get; set; }
    public string WfName { get; set; } = "";
    public string? WfDescription { get; set; }
    public int TimeExpressionType { get; set; }
    public string? TimeExpression { get; set; }
    public string? TimeZone { get; set; }
    public int MaxWfInstanceNum { get; set; }
    public bool Enabled { get; set; }
    public string PeDag { get; set; } = "";
    public long? NextTriggerTime { get; set; }
    public long? LastFireTime { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static WorkflowRow From(WorkflowRecord r) => new()
    {
        Id = r.Id, AppId = r.AppId, WfName = r.WfName, WfDescription = r.WfDescription, TimeExpressionType = (int)r.TimeExpressionType,
        TimeExpression = r.TimeExpression, TimeZone = r.TimeZone, MaxWfInstanceNum = r.MaxWfInstanceNum, Enabled = r.Enabled,
        PeDag = SqlStore.DagJson(r.Dag), NextTriggerTime = UnixMs.From(r.NextTriggerTime), LastFireTime = UnixMs.From(r.LastFireTime),
        CreatedAt = UnixMs.From(r.CreatedAt), UpdatedAt = UnixMs.From(r.UpdatedAt),
    };

    public WorkflowRecord ToRecord() => new()
    {
        Id = Id, AppId = AppId, WfName = WfName, WfDescription = WfDescription, TimeExpressionType = (TimeExpressionType)TimeExpressionType,
        TimeExpression = TimeExpression, TimeZone = TimeZone, MaxWfInstanceNum = MaxWfInstanceNum, Enabled = Enabled,
        Dag = SqlStore.ReadDag(PeDag), NextTriggerTime = UnixMs.ToTime(NextTriggerTime), LastFireTime = UnixMs.ToTime(LastFireTime),
        CreatedAt = UnixMs.ToTime(CreatedAt), UpdatedAt = UnixMs.ToTime(UpdatedAt),
    };
}

internal sealed class WorkflowNodeRow
{
    public long Id { get; set; }
    public long AppId { get; set; }
    public long? WorkflowId { get; set; }
    public long JobId { get; set; }
    public string? NodeName { get; set; }
    public string? NodeParams { get; set; }
    public bool Enabled { get; set; }
    public bool SkipWhenFailed { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static WorkflowNodeRow From(WorkflowNodeRecord r) => new()
    {
        Id = r.Id, AppId = r.AppId, WorkflowId = r.WorkflowId, JobId = r.JobId, NodeName = r.NodeName, NodeParams = r.NodeParams,
        Enabled = r.Enabled, SkipWhenFailed = r.SkipWhenFailed, CreatedAt = UnixMs.From(r.CreatedAt), UpdatedAt = UnixMs.From(r.UpdatedAt),
    };

    public WorkflowNodeRecord ToRecord() => new()
    {
        Id = Id, AppId = AppId, WorkflowId = WorkflowId, JobId = JobId, NodeName = NodeName, NodeParams = NodeParams, Enabled = Enabled,
        SkipWhenFailed = SkipWhenFailed, CreatedAt = UnixMs.ToTime(CreatedAt), UpdatedAt = UnixMs.ToTime(UpdatedAt),
    };
}

internal sealed class WorkflowInstanceRow
{
    public long WfInstanceId { get; set; }
    public long WorkflowId { get; set; }
    public long AppId { get; set; }
    public int Status { get; set; }
    public string Dag { get; set; } = "";
    public string? WfInitParams { get; set; }
    public string WfContext { get; set; } = "{}";
    public string? Result { get; set; }
    public long? ExpectedTriggerTime { get; set; }
    public long? ActualTriggerTime { get; set; }
    public long? FinishedTime { get; set; }
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static WorkflowInstanceRow From(WorkflowInstanceRecord r) => new()
    {
        WfInstanceId = r.WfInstanceId, WorkflowId = r.WorkflowId, AppId = r.AppId, Status = (int)r.Status, Dag = SqlStore.DagJson(r.Dag),
        WfInitParams = r.WfInitParams, WfContext = r.WfContext, Result = r.Result, ExpectedTriggerTime = UnixMs.From(r.ExpectedTriggerTime),
        ActualTriggerTime = UnixMs.From(r.ActualTriggerTime), FinishedTime = UnixMs.From(r.FinishedTime), Version = r.Version,
        CreatedAt = UnixMs.From(r.CreatedAt), UpdatedAt = UnixMs.From(r.UpdatedAt),
    };

    public WorkflowInstanceRecord ToRecord() => new()
    {
        WfInstanceId = WfInstanceId, WorkflowId = WorkflowId, AppId = AppId, Status = (WorkflowInstanceStatus)Status, Dag = SqlStore.ReadDag(Dag),
        WfInitParams = WfInitParams, WfContext = WfContext, Result = Result, ExpectedTriggerTime = UnixMs.ToTime(ExpectedTriggerTime),
        ActualTriggerTime = UnixMs.ToTime(ActualTriggerTime), FinishedTime = UnixMs.ToTime(FinishedTime), Version = Version,
        CreatedAt = UnixMs.ToTime(CreatedAt), UpdatedAt = UnixMs.ToTime(UpdatedAt),
    };
}
