using Akka.Actor;
using Akka.TestKit.Xunit2;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Worker.Connection;
using PowerJob.Akka.Worker.Logging;

namespace PowerJob.Akka.Tests.Worker;

public class InstanceLogActorSpecs : TestKit
{
    [Fact]
    public void Lines_wait_while_no_server_is_known_keeping_the_newest_ten_thousand_then_go_in_batches()
    {
        var connection = CreateTestProbe();
        var selection = CreateTestProbe();
        var logs = Sys.ActorOf(InstanceLogActor.Props(connection, selection));

        for (var i = 0; i < InstanceLogActor.MaxBuffered + 50; i++) logs.Tell(new OmsLogLine(42, 1, OmsLogLevel.Info, $"line {i}"));
        connection.ExpectMsg<GetCurrentServer>(TimeSpan.FromSeconds(3));
        connection.Reply(new CurrentServer(null, null, "w:1"));
        selection.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        logs.Tell(new OmsLogLine(42, 2, OmsLogLevel.Error, "after"));
        connection.ExpectMsg<GetCurrentServer>(TimeSpan.FromSeconds(3));
        var server = new RemoteTarget(Protocol.Http, "s:1", NodeRole.Server);
        connection.Reply(new CurrentServer(server, 1, "w:1"));

        var sent = new List<InstanceLogContent>();
        while (sent.Count < InstanceLogActor.MaxBuffered + 1)
        {
            var send = selection.ExpectMsg<SendToRemote>(TimeSpan.FromSeconds(3));
            Assert.Equal(server, send.Target);
            var report = Assert.IsType<WorkerLogReportReq>(send.Message);
            Assert.Equal("w:1", report.WorkerAddress);
            Assert.InRange(report.InstanceLogContents.Count, 1, InstanceLogActor.BatchSize);
            sent.AddRange(report.InstanceLogContents);
        }
        Assert.Equal("line 50", sent[0].LogContent);
        Assert.Equal(("after", 4), (sent[^1].LogContent, sent[^1].LogLevel));
        selection.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
