using System.Net;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Scheduling;

public class OpenApiValidationSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();
    private OpenApiClient _api = null!;
    private long _appId;

    public async Task InitializeAsync()
    {
        var server = await _nodes.StartServerAsync();
        _appId = await _nodes.RegisterAppAsync(server, "billing");
        _api = new OpenApiClient(_nodes.Http, server);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    private object Job(string timeExpressionType = "CRON", string timeExpression = "0 0 * * * ?", object? maxInstanceNum = null, long? id = null) => new
    {
        id, appId = _appId, jobName = "hourly", processorInfo = "echo", executeType = "STANDALONE",
        timeExpressionType, timeExpression, maxInstanceNum = maxInstanceNum ?? 0, enable = true,
    };

    [Theory]
    [InlineData("CRON", "* * *", "timeExpression '* * *' is invalid")]
    [InlineData("CRON", "0 61 * * * ?", "timeExpression '0 61 * * * ?' is invalid: not a valid CRON expression")]
    [InlineData("FIXED_RATE", "-5", "timeExpression '-5' is invalid: expected an interval in milliseconds")]
    [InlineData("WEEKLY", "1", "timeExpressionType 'WEEKLY' is invalid: allowed values are API (1), CRON (2), FIXED_RATE (3), FIXED_DELAY (4), WORKFLOW (5), DAILY_TIME_INTERVAL (11)")]
    [InlineData("DAILY_TIME_INTERVAL", "{\"interval\":0,\"startTimeOfDay\":\"09:00:00\",\"endTimeOfDay\":\"10:00:00\"}", "timeExpression '{\"interval\":0")]
    [InlineData("DAILY_TIME_INTERVAL", "{\"interval\":5,\"startTimeOfDay\":\"18:00:00\",\"endTimeOfDay\":\"09:00:00\"}", "timeExpression '{\"interval\":5,")]
    public async Task Bad_time_expressions_are_refused_with_PowerJobs_200_naming_the_field(string type, string expression, string message)
    {
        var reply = await _api.JsonAsync("/openApi/saveJob", Job(type, expression));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.False(reply.Success);
        Assert.StartsWith(message, reply.Message);
    }

    [Fact]
    public async Task Unknown_app_bad_numbers_and_missing_fields_are_refused_with_PowerJobs_200_naming_the_field()
    {
        var unknownApp = await _api.JsonAsync("/openApi/saveJob", new { appId = 999, jobName = "x", processorInfo = "echo" });
        // No app the client can sign in to: refused by the OpenAPI auth before any field is read.
        Assert.Equal((HttpStatusCode.OK, false), (unknownApp.Status, unknownApp.Success));
        Assert.StartsWith("this server requires OpenAPI authentication", unknownApp.Message);

        var badNumber = await _api.JsonAsync("/openApi/saveJob", Job(maxInstanceNum: -1));
        Assert.Equal("maxInstanceNum '-1' is invalid: expected a whole number from 0 to 1000000", badNumber.Message);

        var noProcessor = await _api.JsonAsync("/openApi/saveJob", new { appId = _appId, jobName = "x" });
        Assert.Equal("processorInfo is required", noProcessor.Message);

        var badExecuteType = await _api.JsonAsync("/openApi/saveJob", new { appId = _appId, jobName = "x", processorInfo = "echo", executeType = "PARALLEL" });
        Assert.StartsWith("executeType 'PARALLEL' is invalid: allowed values are STANDALONE (1), BROADCAST (2), MAP_REDUCE (3), MAP (4)", badExecuteType.Message);

        var unknownJob = await _api.FormAsync("/openApi/runJob", ("appId", _appId), ("jobId", 4242));
        Assert.Equal((HttpStatusCode.OK, false, $"jobId 4242 is unknown in app 'billing' (appId {_appId})"), (unknownJob.Status, unknownJob.Success, unknownJob.Message));

        var malformed = await _api.JsonAsync("/openApi/fetchJob", "not an object");
        Assert.Equal((HttpStatusCode.OK, false), (malformed.Status, malformed.Success));
    }

    [Fact]
    public async Task A_rejected_update_leaves_the_stored_job_unchanged()
    {
        var jobId = await _api.SaveJobAsync(Job());
        var before = (await _api.FormAsync("/openApi/fetchJob", ("appId", _appId), ("jobId", jobId))).Data.ToString();

        var reply = await _api.JsonAsync("/openApi/saveJob", Job("CRON", "not cron", id: jobId));
        Assert.Equal((HttpStatusCode.OK, false), (reply.Status, reply.Success));

        var after = (await _api.FormAsync("/openApi/fetchJob", ("appId", _appId), ("jobId", jobId))).Data.ToString();
        Assert.Equal(before, after);
        var all = await _api.FormAsync("/openApi/fetchAllJob", ("appId", _appId));
        Assert.Equal(1, all.Data.GetArrayLength());
    }

    [Fact]
    public async Task Saved_jobs_round_trip_with_PowerJob_codes()
    {
        var jobId = await _api.SaveJobAsync(new
        {
            appId = _appId, jobName = "sum", processorInfo = "sum", executeType = "MAP_REDUCE", timeExpressionType = "FIXED_RATE",
            timeExpression = "60000", dispatchStrategy = "RANDOM", instanceRetryNum = 2, taskRetryNum = 3, instanceTimeLimit = 5000,
        });
        var job = (await _api.FormAsync("/openApi/fetchJob", ("appId", _appId), ("jobId", jobId))).Data;
        Assert.Equal(3, job.GetProperty("executeType").GetInt32());
        Assert.Equal(3, job.GetProperty("timeExpressionType").GetInt32());
        Assert.Equal(2, job.GetProperty("dispatchStrategy").GetInt32());
        Assert.Equal(1, job.GetProperty("status").GetInt32());
        Assert.True(job.GetProperty("nextTriggerTime").GetInt64() > 0);

        Assert.True((await _api.FormAsync("/openApi/disableJob", ("appId", _appId), ("jobId", jobId))).Success);
        job = (await _api.FormAsync("/openApi/fetchJob", ("appId", _appId), ("jobId", jobId))).Data;
        Assert.Equal(2, job.GetProperty("status").GetInt32());

        Assert.True((await _api.FormAsync("/openApi/deleteJob", ("appId", _appId), ("jobId", jobId))).Success);
        Assert.False((await _api.FormAsync("/openApi/fetchJob", ("appId", _appId), ("jobId", jobId))).Success);
    }

    [Fact]
    public async Task An_instance_with_no_worker_fails_with_the_reason()
    {
        var jobId = await _api.SaveJobAsync(new { appId = _appId, jobName = "api", processorInfo = "echo" });
        var instanceId = await _api.RunJobAsync(_appId, jobId);
        var instance = await _api.AwaitStatusAsync(_appId, instanceId, 4, TimeSpan.FromSeconds(10));
        Assert.Equal("no worker available: no worker of app 'billing' has sent a heartbeat to this server", instance.GetProperty("result").GetString());
    }
}
