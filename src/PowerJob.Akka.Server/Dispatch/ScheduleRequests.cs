using AkkaFrames = PowerJob.Akka.Transport.AkkaRemoteConfig;
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

    /// <summary>
    /// Why <paramref name="request"/> cannot be sent over <paramref name="protocol"/>, or null. Akka.Remote drops a message
    /// over its frame size without telling anyone; failing the instance now says why instead of "did not confirm" later.
    /// </summary>
    public static string? TooLargeToSend(ServerScheduleJobReq request, Configuration.Protocol protocol) =>
        protocol == Configuration.Protocol.Akka && !AkkaFrames.Fits(request, out var bytes)
            ? $"the dispatch is {bytes} bytes, too large for one AKKA frame ({AkkaFrames.MaximumFrameSize} bytes " +
              $"less {AkkaFrames.EnvelopeReserve} for the envelope); shorten jobParams / instanceParams or use HTTP workers"
            : null;
}
