using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>A job definition. Defaults follow PowerJob's <c>SaveJobInfoRequest</c>.</summary>
public sealed record JobRecord
{
    public long Id { get; init; }
    public long AppId { get; init; }
    public string JobName { get; init; } = "";
    public string? Description { get; init; }
    public string ProcessorInfo { get; init; } = "";
    public ExecuteType ExecuteType { get; init; } = ExecuteType.Standalone;
    public TimeExpressionType TimeExpressionType { get; init; } = TimeExpressionType.Api;
    public string? TimeExpression { get; init; }
    public string? TimeZone { get; init; }
    public string? JobParams { get; init; }
    /// <summary>0 = unlimited.</summary>
    public int MaxInstanceNum { get; init; }
    public int InstanceRetryNum { get; init; }
    public int TaskRetryNum { get; init; }
    /// <summary>0 = no limit.</summary>
    public long InstanceTimeLimitMs { get; init; }
    public DispatchStrategy DispatchStrategy { get; init; } = DispatchStrategy.HealthFirst;
    /// <summary>Comma list of worker tags or <c>ip:port</c>; null or empty = any worker.</summary>
    public string? DesignatedWorkers { get; init; }
    /// <summary>0 = unlimited.</summary>
    public int MaxWorkerCount { get; init; }
    public int Concurrency { get; init; } = 5;
    public bool Enabled { get; init; } = true;
    public DateTimeOffset? NextTriggerTime { get; init; }
    /// <summary>The due time of the last claimed fire; the next fire after a schedule change or an enable comes after it.</summary>
    public DateTimeOffset? LastFireTime { get; init; }

    // PowerJob's fields kept as its clients send them, so a saved job reads back whole.
    public ProcessorType ProcessorType { get; init; } = ProcessorType.BuiltIn;
    /// <summary>The job's tag; queryJob filters on it (tagEq).</summary>
    public string? Tag { get; init; }
    public string? Extra { get; init; }
    /// <summary>PowerJob's <c>LogConfig</c> JSON (<c>{type, level, loggerName}</c>); its level and type NULL filter stored log lines.</summary>
    public string? LogConfig { get; init; }
    /// <summary>PowerJob's <c>JobAdvancedRuntimeConfig</c> JSON, stored as sent.</summary>
    public string? AdvancedRuntimeConfig { get; init; }
    public string? DispatchStrategyConfig { get; init; }
    /// <summary>Comma list of user ids, as PowerJob's JobInfoDTO has it.</summary>
    public string? NotifyUserIds { get; init; }
    /// <summary>PowerJob's <c>LifeCycle</c> JSON (<c>{start, end}</c>), stored as sent.</summary>
    public string? LifeCycle { get; init; }
    /// <summary>PowerJob's <c>AlarmConfig</c> JSON, stored as sent.</summary>
    public string? AlarmConfig { get; init; }
    public double MinCpuCores { get; init; }
    public double MinMemorySpace { get; init; }
    public double MinDiskSpace { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
