using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Transport;

public class WireSerializationSpecs() : TestKit(AkkaRemoteConfig.RemoteOnly("127.0.0.1", "127.0.0.1", 0))
{
    public static IEnumerable<object[]> Samples() =>
    [
        [new AskResponse(true, "42", null)],
        [new HeartbeatReply(false, "1.0.0", "refused")],
        [new PeerPing("a")],
        [new PeerPong("b", 10087)],
        [new WorkerHeartbeat
        {
            WorkerAddress = "10.0.0.1:27777", AppName = "billing", AppId = 3, HeartbeatTime = 1_700_000_000_000, Version = "1.0.0",
            Protocol = "AKKA", Tag = "blue", Client = "PowerJob.Akka", IsOverload = true, LightTaskTrackerNum = 2,
            SystemMetrics = new SystemMetrics { CpuProcessors = 4, CpuLoad = 0.5, Score = 9 }, Runtime = WorkerHeartbeat.PowerJobAkkaRuntime,
        }],
        [new TaskTrackerReportInstanceStatusReq
        {
            JobId = 1, InstanceId = 2, InstanceStatus = 5, Result = "ok", TotalTaskNum = 10, SucceedTaskNum = 9, FailedTaskNum = 1,
            StartTime = 5, ReportTime = 6, SourceAddress = "10.0.0.1:27777", Attempt = 3,
        }],
        [new WorkerLogReportReq("10.0.0.1:27777", [new InstanceLogContent(2, 7, 2, "hello")])],
        [new WorkerQueryExecutorClusterReq(1, 2)],
        [new ServerScheduleJobReq
        {
            AllWorkerAddress = ["a:1", "b:2"], JobId = 1, InstanceId = 2, ExecuteType = "MAP_REDUCE", ProcessorInfo = "sum",
            InstanceTimeoutMS = 1000, JobParams = "p", InstanceParams = "10", ThreadConcurrency = 4, TaskRetryNum = 1,
            TimeExpressionType = "CRON", TimeExpression = "* * * * * *", MaxInstanceNum = 1, Attempt = 2, ServerAddress = "s:1",
        }],
        [new ServerStopInstanceReq(9)],
        [new RunJobRequest(1, 2, "p", 500)],
        [new RunJobRefused("app 'a' has 5 active instances, the most one app keeps ('oms.instance.max-active-per-app' = 5)")],
        [new RunJobUnknownJob(7, "jobId 7 is unknown in app 'a' (appId 1)")],
        [new AppLocation(1, "akka.tcp://powerjob-cluster@127.0.0.1:10087", 3, null, null, null, "too many workers")],
        [new JobChanged(1, 2)],
        [new WakeApp(1)],
        [new WhereIsApp(1)],
        [new AppLocation(1, "akka.tcp://powerjob-cluster@127.0.0.1:10087", 3, "127.0.0.1:7700", "127.0.0.1:10086", null)],
        [new GetAppWorkers(1)],
        [new AppWorkers(1, [new WorkerInfo
        {
            Address = "10.0.0.1:27777", AppId = 1, AppName = "billing", Protocol = PowerJob.Akka.Configuration.Protocol.Akka, Version = "1.0.0",
            IsPowerJobAkka = true, Tag = "blue", Metrics = new SystemMetrics { Score = 9 }, Processors = ["echo"],
            LastHeartbeat = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), Alive = true,
        }])],
        [new AppInstanceReport(1, new TaskTrackerReportInstanceStatusReq { JobId = 1, InstanceId = 2, InstanceStatus = 3, Attempt = 1 })],
        [new InstanceCreated(7)],
        [new InstanceCommand(InstanceCommand.Stop, 1, 7)],
        [new InstanceCommandResult(false, "already SUCCEED")],
        [new WorkflowChanged(1, 7)],
        [new RunWorkflowRequest(1, 7, "{\"a\":1}", 500)],
        [new WorkflowInstanceCreated(8)],
        [new WorkflowCommand(WorkflowCommand.MarkNodeSuccess, 1, 8, 3)],
        [new WorkflowCommandResult(false, "no")],
        [new ServerQueryInstanceStatusReq(9)],
        [new ProcessorMapTaskRequest
        {
            InstanceId = 2, Attempt = 3, TaskName = "chunk", SubTasks = [new SubTask("0.1", "{\"from\":1,\"to\":1000}"), new SubTask("0.2", null)],
        }],
        [new ProcessorReportTaskStatusReq
        {
            InstanceId = 2, Attempt = 3, TaskId = "0.1", Status = ProcessorReportTaskStatusReq.Succeeded, Result = "500500", ReportTime = 8,
            SourceAddress = "10.0.0.2:27777",
        }],
        [new TaskTrackerStartTaskReq
        {
            TaskTrackerAddress = "10.0.0.1:27777", TaskId = "0.1", TaskName = "chunk", TaskContent = "[1,2]", TaskCurrentRetryNums = 1,
            InstanceInfo = new TaskInstanceInfo
            {
                JobId = 1, InstanceId = 2, Attempt = 3, ExecuteType = "MAP_REDUCE", ProcessorInfo = "sum", JobParams = "p", InstanceParams = "10",
                InstanceTimeoutMS = 1000, TaskRetryNum = 2,
            },
        }],
        [new TaskTrackerStopInstanceReq(2, 3)],
        [new ProcessorTrackerStatusReportReq
        {
            InstanceId = 2, Attempt = 3, Type = ProcessorTrackerStatusReportReq.Load, RemainTaskNum = 7, Address = "10.0.0.2:27777", ReportTime = 9,
        }],
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_wire_message_round_trips_through_the_registered_serializer(IPowerJobWire message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<PowerJobWireSerializer>(serializer);
        var manifest = global::Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType()),
            System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        Assert.Equal(message.GetType(), back.GetType());
    }

    [Fact]
    public void Every_registered_type_has_a_sample()
    {
        var sampled = Samples().Select(s => s[0].GetType()).ToHashSet();
        Assert.All(WireRegistry.Default.Types, t => Assert.Contains(t.Type, sampled));
    }

    [Fact]
    public void An_unknown_manifest_is_rejected_not_resolved_as_a_type_name()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(AskResponse));
        Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), typeof(ActorSystem).AssemblyQualifiedName!));
    }
}
