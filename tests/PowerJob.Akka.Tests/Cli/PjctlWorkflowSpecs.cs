using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Cli;

public class PjctlWorkflowSpecs(PjctlFixture fixture) : IClassFixture<PjctlFixture>
{
    [Fact]
    public async Task Workflow_save_from_a_file_run_and_instance_show_the_nodes_runs()
    {
        var first = await fixture.SaveEchoJobAsync("wf-first", "one");
        var second = await fixture.SaveEchoJobAsync("wf-second", "two");
        var file = Path.Combine(Path.GetTempPath(), $"pj-wf-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$$"""
            {"wfName": "pair", "timeExpressionType": "API",
             "dag": {"nodes": [{"nodeId": 1, "jobId": {{{first}}}, "nodeName": "first"}, {"nodeId": 2, "jobId": {{{second}}}, "nodeName": "second"}],
                     "edges": [{"from": 1, "to": 2}]}}
            """);
        try
        {
            var saved = await fixture.RunAsync("workflow", "save", "--app-id", $"{fixture.AppId}", file);
            Assert.True(saved.ExitCode == 0, saved.Out + saved.Err);
            var workflowId = saved.Out.Trim();

            var info = await fixture.RunAsync("workflow", "info", "--app-id", $"{fixture.AppId}", workflowId);
            Assert.Contains("edges: 1 -> 2", info.Out);

            var run = await fixture.RunAsync("workflow", "run", "--app-id", $"{fixture.AppId}", workflowId, "--init-params", "x");
            Assert.True(run.ExitCode == 0, run.Out + run.Err);
            var instance = await TestNodes.EventuallyAsync(() => fixture.RunAsync("workflow", "instance", "--app-id", $"{fixture.AppId}", run.Out.Trim()),
                r => r.Out.Contains("status:") && r.Out.Contains("SUCCEED") && !r.Out.Contains("RUNNING"), TimeSpan.FromSeconds(20));
            Assert.Contains("""{"initParams":"x"}""", instance.Out);
            Assert.Matches(@"\n\s+2\s+second\s+\d+\s+", instance.Out);

            var refused = await fixture.RunAsync("workflow", "retry", "--app-id", $"{fixture.AppId}", run.Out.Trim());
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("only a failed or stopped workflow instance can be retried", refused.Out + refused.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
