namespace PowerJob.Akka.Model;

/// <summary>Instance statuses with PowerJob's codes.</summary>
public enum InstanceStatus
{
    WaitingDispatch = 1,
    WaitingWorkerReceive = 2,
    Running = 3,
    Failed = 4,
    Succeed = 5,
    Canceled = 9,
    Stopped = 10,
}

public static class InstanceStatuses
{
    public static bool IsFinal(this InstanceStatus status) =>
        status is InstanceStatus.Failed or InstanceStatus.Succeed or InstanceStatus.Canceled or InstanceStatus.Stopped;

    public static bool IsActive(this InstanceStatus status) =>
        status is InstanceStatus.WaitingDispatch or InstanceStatus.WaitingWorkerReceive or InstanceStatus.Running;

    /// <summary>PowerJob's upper-case name, e.g. WAITING_DISPATCH.</summary>
    public static string WireName(this InstanceStatus status) => status switch
    {
        InstanceStatus.WaitingDispatch => "WAITING_DISPATCH",
        InstanceStatus.WaitingWorkerReceive => "WAITING_WORKER_RECEIVE",
        InstanceStatus.Running => "RUNNING",
        InstanceStatus.Failed => "FAILED",
        InstanceStatus.Succeed => "SUCCEED",
        InstanceStatus.Canceled => "CANCELED",
        _ => "STOPPED",
    };
}
