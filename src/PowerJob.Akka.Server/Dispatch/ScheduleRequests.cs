using PowerJob.Akka.Messages;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Dispatch;

/// <summary>Builds PowerJob's <c>ServerScheduleJobReq</c> for one dispatch attempt.</summary>
public static class ScheduleRequests
{
    public static ServerScheduleJobReq Build(InstanceRecord instance, JobRecord job, DispatchPlan plan, string? serverAddress) => new()
    {
        AllWorkerAddress = plan.Cluster.Select(w => w.Address).ToList(),
        MaxWorkerCount = job.MaxWorkerCount,
        JobId = job.Id,
        InstanceId = instance.InstanceId,
        WfInstanceId = instance.WfInstanceId,
        ExecuteType = WireEnum.Name(job.ExecuteType),
        ProcessorType = "BUILT_IN",
        ProcessorInfo = job.ProcessorInfo,
        InstanceTimeoutMS = job.InstanceTimeLimitMs,
        JobParams = instance.JobParams ?? job.JobParams,
        InstanceParams = instance.InstanceParams,
        ThreadConcurrency = job.Concurrency,
        TaskRetryNum = job.TaskRetryNum,
        TimeExpressionType = WireEnum.Name(job.TimeExpressionType),
        TimeExpression = job.TimeExpression,
        MaxInstanceNum = job.MaxInstanceNum,
        Attempt = instance.Attempt,
        ServerAddress = serverAddress,
    };
}
