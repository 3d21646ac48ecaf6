using System.Net;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Security;

/// <summary>Bounded input: sizes, numeric ranges and single enum values, each refused with a message naming the field.</summary>
public sealed class InputLimitSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private async Task<(Server.Hosting.ServerNode Server, long AppId, RawOpenApi Api)> StartAsync(params string[] extra)
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions(extra: extra));
        var appId = await _nodes.RegisterAppAsync(server, "billing", "pw");
        var api = new RawOpenApi(server);
        api.Auth = await api.SignInAsync("billing", "pw");
        return (server, appId, api);
    }

    [Fact]
    public async Task Out_of_range_numbers_are_refused_with_the_allowed_range_never_a_500()
    {
        var (_, appId, api) = await StartAsync();
        using var _ = api;
        var jobId = (await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"))).Data.GetInt64();

        var hugeDelay = await api.FormAsync("/openApi/runJob", ("appId", appId), ("jobId", jobId), ("delay", "9223372036854775807"));
        Assert.Equal((HttpStatusCode.OK, "delay '9223372036854775807' is invalid: expected milliseconds from 0 to 31536000000 (365 days)"),
            (hugeDelay.Status, hugeDelay.Message));
        var hugeRate = await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"),
            ("timeExpressionType", "FIXED_RATE"), ("timeExpression", "9223372036854775807"));
        Assert.Equal("timeExpression '9223372036854775807' is invalid: expected an interval in milliseconds, from 100 to 31536000000 (365 days)",
            hugeRate.Message);
        var hugeLimit = await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"),
            ("instanceTimeLimit", "99999999999999999999"));
        Assert.Equal("instanceTimeLimit '99999999999999999999' is invalid: expected a whole number from 0 to 31536000000", hugeLimit.Message);
        var hugeJobId = await api.FormAsync("/openApi/fetchJob", ("appId", appId), ("jobId", "99999999999999999999"));
        Assert.Equal("jobId '99999999999999999999' is not a whole number from -9223372036854775808 to 9223372036854775807", hugeJobId.Message);
        var hugePage = await api.FormAsync("/openApi/queryInstance", ("appId", appId), ("index", int.MaxValue), ("pageSize", 1000));
        Assert.True(hugePage.Success, hugePage.Raw);
        Assert.Single((await api.FormAsync("/openApi/fetchAllJob", ("appId", appId))).Data.EnumerateArray());
    }

    [Fact]
    public async Task An_enum_field_takes_exactly_one_value()
    {
        var (_, appId, api) = await StartAsync();
        using var _ = api;
        foreach (var combined in new[] { "API,CRON", "1,2", "API|CRON", "API CRON", "+1" })
        {
            var reply = await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"),
                ("timeExpressionType", combined), ("timeExpression", "0 0 * * * ?"));
            Assert.StartsWith($"timeExpressionType '{combined}' is invalid: allowed values are API (1), CRON (2)", reply.Message);
        }
        var executeType = await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"), ("executeType", "STANDALONE,BROADCAST"));
        Assert.StartsWith("executeType 'STANDALONE,BROADCAST' is invalid", executeType.Message);
        Assert.Empty((await api.FormAsync("/openApi/fetchAllJob", ("appId", appId))).Data.EnumerateArray());
    }

    [Fact]
    public async Task Parameters_and_bodies_over_their_limits_are_refused_naming_the_field_the_limit_and_the_key()
    {
        var (_, appId, api) = await StartAsync("--oms.job.max-params-length=100", "--oms.instance.max-params-length=50",
            "--server.max-request-bytes=4096");
        using var _ = api;
        var tooLong = await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"), ("jobParams", new string('p', 101)));
        Assert.Equal((HttpStatusCode.OK, "jobParams is 101 characters long; at most 100 are allowed ('oms.job.max-params-length')"),
            (tooLong.Status, tooLong.Message));
        var jobId = (await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"), ("jobParams", new string('p', 100)))).Data.GetInt64();
        var instanceParams = await api.FormAsync("/openApi/runJob", ("appId", appId), ("jobId", jobId), ("instanceParams", new string('i', 51)));
        Assert.Equal("instanceParams is 51 characters long; at most 50 are allowed ('oms.instance.max-params-length')", instanceParams.Message);

        var body = await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "big"), ("processorInfo", "echo"), ("jobDescription", new string('d', 5000)));
        Assert.False(body.Success);
        Assert.NotEqual(HttpStatusCode.InternalServerError, body.Status);
        Assert.Equal("request body is larger than the 4096 bytes the web port accepts ('server.max-request-bytes')", body.Message);
        var register = await api.FormAsync("/appInfo/save", ("appName", "big"), ("password", new string('x', 5000)));
        Assert.Equal((HttpStatusCode.BadRequest, "request body is larger than the 4096 bytes the web port accepts ('server.max-request-bytes')"),
            (register.Status, register.Message));

        Assert.Single((await api.FormAsync("/openApi/fetchAllJob", ("appId", appId))).Data.EnumerateArray());
        Assert.Empty((await api.FormAsync("/openApi/queryInstance", ("appId", appId))).Data.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task A_result_longer_than_the_server_keeps_is_cut_saying_so()
    {
        var (server, appId, api) = await StartAsync("--oms.instance.max-result-length=40");
        using var _ = api;
        await TestNodes.ReadyAsync(await _nodes.StartWorkerAsync(TestNodes.WorkerOptions(server, "billing", "http"), s => s.AddSampleProcessors()));
        var client = new OpenApiClient(_nodes.Http, server);
        var jobId = await client.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo", jobParams = new string('r', 100) });
        var instanceId = await client.RunJobAsync(appId, jobId);
        var done = await client.AwaitStatusAsync(appId, instanceId, 5, TimeSpan.FromSeconds(20));
        Assert.Equal(new string('r', 40) + "... (cut: the result had 100 characters, more than 'oms.instance.max-result-length' = 40)",
            done.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_dispatch_larger_than_an_AKKA_frame_fails_at_once_with_that_reason()
    {
        var (server, appId, api) = await StartAsync("--server.max-request-bytes=8388608", "--oms.instance.max-params-length=4000000");
        using var _ = api;
        await TestNodes.ReadyAsync(await _nodes.StartWorkerAsync(TestNodes.WorkerOptions(server, "billing", "akka"), s => s.AddSampleProcessors()));
        var client = new OpenApiClient(_nodes.Http, server);
        var jobId = await client.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo" });
        var run = await api.FormAsync("/openApi/runJob", ("appId", appId), ("jobId", jobId), ("instanceParams", new string('x', 2_000_000)));
        Assert.True(run.Success, run.Message);

        var failed = await client.AwaitStatusAsync(appId, run.Data.GetInt64(), 4, TimeSpan.FromSeconds(10));
        Assert.StartsWith("the dispatch is 20", failed.GetProperty("result").GetString());
        Assert.Contains("bytes, too large for one AKKA frame (1048576 bytes less 8192 for the envelope); shorten jobParams / instanceParams or use HTTP workers",
            failed.GetProperty("result").GetString());
    }
}
