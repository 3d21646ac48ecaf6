using PowerJob.Akka.Cli;
using System.Text.Json;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Cli;

public class PjctlSpecs(PjctlFixture fixture) : IClassFixture<PjctlFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private string App => $"{fixture.AppId}";

    [Fact]
    public async Task App_register_prints_the_app_id_and_registering_again_keeps_it()
    {
        var again = await fixture.RunAsync("app", "register", PjctlFixture.AppName, "--password", "secret");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal($"{fixture.AppId}", again.Out.Trim());
    }

    [Fact]
    public async Task Job_run_with_wait_prints_SUCCEED_and_the_echo_result_and_job_list_shows_the_job()
    {
        var jobId = await fixture.SaveEchoJobAsync("greeter", "hello ");

        var run = await fixture.RunAsync("job", "run", "--app-id", App, $"{jobId}", "--params", "world", "--wait", "--wait-timeout-s", "10");
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Matches(@"^instance \d+ SUCCEED\r?\nresult: hello world\r?\n$", run.Out);

        var list = await fixture.RunAsync("job", "list", "--app-id", App);
        Assert.Equal(0, list.ExitCode);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{jobId} ") && l.Contains("greeter") && l.Contains("echo") && l.Contains("API")
                                    && l.Contains("STANDALONE") && l.Contains("ENABLED"));
    }

    [Fact]
    public async Task Instance_info_logs_and_list_show_a_finished_run()
    {
        var jobId = await fixture.SaveEchoJobAsync("inspected", "a");
        var run = await fixture.RunAsync("--json", "job", "run", "--app-id", App, $"{jobId}", "--params", "b", "--wait");
        Assert.True(run.ExitCode == 0, run.Err);
        var instanceId = JsonDocument.Parse(run.Out).RootElement.GetProperty("instanceId").GetInt64();

        var info = await fixture.RunAsync("instance", "info", "--app-id", App, $"{instanceId}");
        Assert.Equal(0, info.ExitCode);
        Assert.Matches(@"status:\s+SUCCEED", info.Out);
        Assert.Matches(@"result:\s+ab", info.Out);
        Assert.Matches(@"finished:\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", info.Out);
        Assert.Contains("WAITING_WORKER_RECEIVE", info.Out);

        var logs = await TestNodes.EventuallyAsync(() => fixture.RunAsync("instance", "logs", "--app-id", App, $"{instanceId}"),
            r => r.Out.Contains("echo: job params 'a', instance params 'b'"), Wait);
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("INFO", logs.Out);

        var succeeded = await fixture.RunAsync("instance", "list", "--app-id", App, "--job-id", $"{jobId}", "--status", "SUCCEED");
        Assert.Equal(0, succeeded.ExitCode);
        Assert.Contains(succeeded.Out.Split('\n'), l => l.StartsWith($"{instanceId} ") && l.Contains("SUCCEED") && l.Contains("ab"));
        var failed = await fixture.RunAsync("instance", "list", "--app-id", App, "--job-id", $"{jobId}", "--status", "FAILED,STOPPED");
        Assert.Equal("(none)", failed.Out.Trim());
    }

    [Fact]
    public async Task Enable_disable_cancel_and_delete_act_on_the_server()
    {
        var jobId = await fixture.SaveEchoJobAsync("toggled", "");
        Assert.Equal($"job {jobId} disabled", (await fixture.RunAsync("job", "disable", "--app-id", App, $"{jobId}")).Out.Trim());
        Assert.Contains((await fixture.RunAsync("job", "list", "--app-id", App)).Out.Split('\n'), l => l.StartsWith($"{jobId} ") && l.Contains("DISABLED"));
        Assert.Equal($"job {jobId} enabled", (await fixture.RunAsync("job", "enable", "--app-id", App, $"{jobId}")).Out.Trim());

        var delayed = await fixture.RunAsync("job", "run", "--app-id", App, $"{jobId}", "--delay-ms", "60000");
        var instanceId = delayed.Out.Trim();
        Assert.Equal($"instance {instanceId}: cancel requested", (await fixture.RunAsync("instance", "cancel", "--app-id", App, instanceId)).Out.Trim());
        var again = await fixture.RunAsync("instance", "cancel", "--app-id", App, instanceId);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error: only an instance waiting for dispatch can be canceled", again.Err);

        Assert.Equal($"job {jobId} deleted", (await fixture.RunAsync("job", "delete", "--app-id", App, $"{jobId}")).Out.Trim());
        Assert.DoesNotContain((await fixture.RunAsync("job", "list", "--app-id", App)).Out.Split('\n'), l => l.StartsWith($"{jobId} "));
    }

    [Fact]
    public async Task Workers_lists_the_worker_with_its_protocol()
    {
        var workers = await fixture.RunAsync("workers", "--app-id", App);
        Assert.Equal(0, workers.ExitCode);
        Assert.Contains(workers.Out.Split('\n'), l => l.StartsWith(fixture.WorkerAddress) && l.Contains(" HTTP ") && l.Contains(" yes "));
    }

    [Fact]
    public async Task A_job_with_an_invalid_cron_expression_exits_1_with_the_servers_message()
    {
        var saved = await fixture.RunAsync("job", "save", "--app-id", App, "--name", "bad", "--processor", "echo", "--type", "cron", "--expression", "every minute");
        Assert.Equal(1, saved.ExitCode);
        Assert.Equal("", saved.Out);
        Assert.StartsWith("error: ", saved.Err);
        Assert.Contains("timeExpression", saved.Err);
        Assert.Contains("every minute", saved.Err);
    }

    [Fact]
    public async Task An_unreachable_server_exits_2_naming_it()
    {
        var address = $"127.0.0.1:{Ports.Free()}";
        var health = await PjctlFixture.RunAgainstAsync(address, "health");
        Assert.Equal(2, health.ExitCode);
        Assert.StartsWith($"error: cannot reach server {address}: ", health.Err);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_by_the_parser_before_any_call()
    {
        var missing = await PjctlFixture.RunAgainstAsync("127.0.0.1:1", "job", "run", "7");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--app-id", missing.Err);
        var badType = await fixture.RunAsync("job", "save", "--app-id", App, "--name", "x", "--processor", "echo", "--type", "HOURLY");
        Assert.NotEqual(0, badType.ExitCode);
        Assert.Contains("--type 'HOURLY' is not one of API, CRON, FIXED_RATE, FIXED_DELAY", badType.Err);
    }

    [Fact]
    public async Task Json_prints_data_that_parses()
    {
        var jobs = await fixture.RunAsync("--json", "job", "list", "--app-id", App);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(jobs.Out).RootElement.ValueKind);
        var workers = await fixture.RunAsync("workers", "--app-id", App, "--json");
        Assert.Equal("HTTP", JsonDocument.Parse(workers.Out).RootElement[0].GetProperty("protocol").GetString());
        var ports = await fixture.RunAsync("ports", "--json");
        Assert.Contains(JsonDocument.Parse(ports.Out).RootElement.EnumerateArray(), p => p.GetProperty("port").GetInt32() == fixture.Server.WebPort);
        var cluster = await fixture.RunAsync("cluster", "--json");
        Assert.Equal(1, JsonDocument.Parse(cluster.Out).RootElement.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Ports_cluster_and_health_describe_the_server()
    {
        var ports = await fixture.RunAsync("ports");
        Assert.Contains(ports.Out.Split('\n'), l => l.StartsWith("web") && l.Contains($":{fixture.Server.WebPort}"));
        var cluster = await fixture.RunAsync("cluster");
        Assert.StartsWith("self: akka", cluster.Out);
        Assert.Contains(PjctlFixture.AppName, cluster.Out);
        var health = await fixture.RunAsync("health");
        Assert.Equal(0, health.ExitCode);
        Assert.Matches(@"status:\s+UP", health.Out);
    }

    [Fact]
    public async Task Without_the_app_password_pjctl_says_how_to_give_it_and_a_wrong_one_is_refused()
    {
        var anonymous = await PjctlFixture.RunAgainstAsync(fixture.Server.WebAddress, "job", "list", "--app-id", App);
        Assert.Equal(ExitCodes.Failed, anonymous.ExitCode);
        Assert.Contains("this server requires OpenAPI authentication", anonymous.Err);
        Assert.Contains("pass the app's password with --app-password or PJ_APP_PASSWORD", anonymous.Err);

        var wrong = await PjctlFixture.RunAgainstAsync(fixture.Server.WebAddress, "--app-password", "wrong", "job", "list", "--app-id", App);
        Assert.Equal((ExitCodes.Failed, "error: password for app 'cli-app' is wrong"), (wrong.ExitCode, wrong.Err.Trim()));
    }
}
