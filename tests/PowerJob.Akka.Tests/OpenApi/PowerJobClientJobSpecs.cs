using System.Net;
using System.Text.Json;
using PowerJob.Akka.Tests.Scheduling;

namespace PowerJob.Akka.Tests.OpenApi;

/// <summary>PowerJob 5's job calls as its Java client makes them, with the answers checked field by field.</summary>
public class PowerJobClientJobSpecs : SchedulingFixture
{
    private PowerJobWire Wire => new(Nodes.Http, Server);

    // PowerJob's JobInfoDTO fields (5.1), then this product's extra.
    private static readonly string[] JobInfoFields =
    [
        "id", "jobName", "jobDescription", "appId", "jobParams", "timeExpressionType", "timeExpression", "executeType", "processorType",
        "processorInfo", "maxInstanceNum", "concurrency", "instanceTimeLimit", "instanceRetryNum", "taskRetryNum", "status",
        "nextTriggerTime", "minCpuCores", "minMemorySpace", "minDiskSpace", "designatedWorkers", "maxWorkerCount", "notifyUserIds",
        "gmtCreate", "gmtModified", "extra", "dispatchStrategy", "dispatchStrategyConfig", "lifecycle", "alarmConfig", "tag",
        "logConfig", "advancedRuntimeConfig", "timeZone",
    ];

    // SaveJobInfoRequest as Jackson writes it from PowerJobClient.saveJob (appId set by the client).
    private string SaveJobInfoRequest(string name, string? tag = "nightly", long? id = null) => $$"""
        {"id":{{(id is null ? "null" : id.ToString())}},"jobName":"{{name}}","jobDescription":"reports","appId":{{AppId}},"jobParams":"p",
         "timeExpressionType":"CRON","timeExpression":"0 0 2 * * ?","executeType":"STANDALONE","processorType":"BUILT_IN",
         "processorInfo":"echo","maxInstanceNum":1,"concurrency":5,"instanceTimeLimit":5000000000,"instanceRetryNum":2,"taskRetryNum":1,
         "minCpuCores":0.5,"minMemorySpace":1.5,"minDiskSpace":0.0,"enable":true,"designatedWorkers":"","maxWorkerCount":0,
         "notifyUserIds":[7,9],"extra":"{\"owner\":\"ops\"}","dispatchStrategy":"HEALTH_FIRST","dispatchStrategyConfig":null,
         "lifeCycle":{"start":1700000000000,"end":null},"alarmConfig":{"alertThreshold":3,"statisticWindowLen":60,"silenceWindowLen":300},
         "tag":{{(tag is null ? "null" : $"\"{tag}\"")}},"logConfig":{"type":1,"level":3,"loggerName":null},
         "advancedRuntimeConfig":{"taskTrackerBehavior":1} }
        """;

    [Fact]
    public async Task SaveJob_stores_every_field_a_PowerJob_client_sends_and_fetchJob_returns_JobInfoDTO_whole()
    {
        var saved = await Wire.JsonAsync("saveJob", SaveJobInfoRequest("nightly-report"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.True(saved.Success, saved.Message);
        Assert.Equal(["success", "data", "message"], PowerJobWire.Fields(saved.Body));
        var jobId = saved.Data.GetInt64();

        var fetched = await Wire.FormAsync("fetchJob", ("jobId", jobId), ("appId", AppId));
        Assert.True(fetched.Success, fetched.Message);
        var job = fetched.Data;
        Assert.Equal(JobInfoFields, PowerJobWire.Fields(job));
        Assert.Equal(jobId, job.GetProperty("id").GetInt64());
        Assert.Equal("nightly-report", job.GetProperty("jobName").GetString());
        Assert.Equal("reports", job.GetProperty("jobDescription").GetString());
        Assert.Equal(AppId, job.GetProperty("appId").GetInt64());
        Assert.Equal(2, job.GetProperty("timeExpressionType").GetInt32());
        Assert.Equal("0 0 2 * * ?", job.GetProperty("timeExpression").GetString());
        Assert.Equal(1, job.GetProperty("executeType").GetInt32());
        Assert.Equal(1, job.GetProperty("processorType").GetInt32());
        Assert.Equal(5_000_000_000L, job.GetProperty("instanceTimeLimit").GetInt64());
        Assert.Equal((1, 5, 2, 1), (job.GetProperty("maxInstanceNum").GetInt32(), job.GetProperty("concurrency").GetInt32(),
            job.GetProperty("instanceRetryNum").GetInt32(), job.GetProperty("taskRetryNum").GetInt32()));
        Assert.Equal(1, job.GetProperty("status").GetInt32());
        Assert.True(job.GetProperty("nextTriggerTime").GetInt64() > 0);
        Assert.Equal((0.5, 1.5, 0.0), (job.GetProperty("minCpuCores").GetDouble(), job.GetProperty("minMemorySpace").GetDouble(),
            job.GetProperty("minDiskSpace").GetDouble()));
        Assert.Equal("7,9", job.GetProperty("notifyUserIds").GetString());
        Assert.Equal("{\"owner\":\"ops\"}", job.GetProperty("extra").GetString());
        Assert.Equal(1, job.GetProperty("dispatchStrategy").GetInt32());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("dispatchStrategyConfig").ValueKind);
        Assert.Equal(1700000000000, JsonDocument.Parse(job.GetProperty("lifecycle").GetString()!).RootElement.GetProperty("start").GetInt64());
        Assert.Equal(3, job.GetProperty("alarmConfig").GetProperty("alertThreshold").GetInt32());
        Assert.Equal("nightly", job.GetProperty("tag").GetString());
        Assert.Equal((1, 3), (job.GetProperty("logConfig").GetProperty("type").GetInt32(), job.GetProperty("logConfig").GetProperty("level").GetInt32()));
        Assert.Equal(1, job.GetProperty("advancedRuntimeConfig").GetProperty("taskTrackerBehavior").GetInt32());
        Assert.True(job.GetProperty("gmtCreate").GetInt64() > 0);

        var all = await Wire.FormAsync("fetchAllJob", ("appId", AppId));
        Assert.Equal(JobInfoFields, PowerJobWire.Fields(Assert.Single(all.Data.EnumerateArray())));
    }

    [Fact]
    public async Task CopyJob_makes_a_copy_named_COPY_with_every_field()
    {
        var jobId = (await Wire.JsonAsync("saveJob", SaveJobInfoRequest("nightly-report"))).Data.GetInt64();

        var copied = await Wire.FormAsync("copyJob", ("jobId", jobId), ("appId", AppId));
        Assert.True(copied.Success, copied.Message);
        var copyId = copied.Data.GetInt64();
        Assert.NotEqual(jobId, copyId);

        var original = (await Wire.FormAsync("fetchJob", ("jobId", jobId), ("appId", AppId))).Data;
        var copy = (await Wire.FormAsync("fetchJob", ("jobId", copyId), ("appId", AppId))).Data;
        Assert.Equal("nightly-report_COPY", copy.GetProperty("jobName").GetString());
        foreach (var field in JobInfoFields.Except(["id", "jobName", "gmtCreate", "gmtModified"]))
            Assert.Equal(original.GetProperty(field).GetRawText(), copy.GetProperty(field).GetRawText());
    }

    [Fact]
    public async Task ExportJob_answers_a_SaveJobInfoRequest_that_saveJob_takes_back()
    {
        var jobId = (await Wire.JsonAsync("saveJob", SaveJobInfoRequest("nightly-report"))).Data.GetInt64();

        var exported = await Wire.FormAsync("exportJob", ("jobId", jobId), ("appId", AppId));
        Assert.True(exported.Success, exported.Message);
        var request = exported.Data;
        Assert.Equal(JsonValueKind.Null, request.GetProperty("id").ValueKind);
        Assert.StartsWith("nightly-report_EXPORT_", request.GetProperty("jobName").GetString());
        Assert.Equal(("CRON", "STANDALONE", "BUILT_IN", "HEALTH_FIRST"), (request.GetProperty("timeExpressionType").GetString(),
            request.GetProperty("executeType").GetString(), request.GetProperty("processorType").GetString(), request.GetProperty("dispatchStrategy").GetString()));
        Assert.True(request.GetProperty("enable").GetBoolean());
        Assert.Equal([7L, 9L], request.GetProperty("notifyUserIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(1700000000000, request.GetProperty("lifeCycle").GetProperty("start").GetInt64());
        Assert.Equal(5_000_000_000L, request.GetProperty("instanceTimeLimit").GetInt64());

        var imported = await Wire.JsonAsync("saveJob", request.GetRawText());
        Assert.True(imported.Success, imported.Message);
        var copy = (await Wire.FormAsync("fetchJob", ("jobId", imported.Data.GetInt64()), ("appId", AppId))).Data;
        Assert.Equal(request.GetProperty("jobName").GetString(), copy.GetProperty("jobName").GetString());
        Assert.Equal(3, copy.GetProperty("logConfig").GetProperty("level").GetInt32());
    }

    [Fact]
    public async Task QueryJob_filters_by_PowerJobs_JobInfoQuery_fields_including_tag()
    {
        var nightly = (await Wire.JsonAsync("saveJob", SaveJobInfoRequest("nightly-report"))).Data.GetInt64();
        await Wire.JsonAsync("saveJob", SaveJobInfoRequest("hourly-report", tag: "hourly"));
        await Wire.JsonAsync("saveJob", SaveJobInfoRequest("cleanup", tag: null));

        var byTag = await Wire.JsonAsync("queryJob", $$"""{"appIdEq":{{AppId}},"tagEq":"nightly","jobNameLike":null,"statusIn":[1]}""");
        Assert.True(byTag.Success, byTag.Message);
        var job = Assert.Single(byTag.Data.EnumerateArray());
        Assert.Equal(nightly, job.GetProperty("id").GetInt64());
        Assert.Equal(JobInfoFields, PowerJobWire.Fields(job));

        var byName = await Wire.JsonAsync("queryJob", $$"""{"appIdEq":{{AppId}},"jobNameLike":"%report","timeExpressionTypeIn":[2]}""");
        Assert.Equal(["hourly-report", "nightly-report"], byName.Data.EnumerateArray().Select(j => j.GetProperty("jobName").GetString()).Order());

        var none = await Wire.JsonAsync("queryJob", $$"""{"appIdEq":{{AppId}},"executeTypeIn":[3]}""");
        Assert.Equal(0, none.Data.GetArrayLength());
    }

    [Fact]
    public async Task Failures_are_HTTP_200_with_success_false_and_the_message_as_PowerJob_answers()
    {
        var unknownJob = await Wire.FormAsync("fetchJob", ("jobId", 4242), ("appId", AppId));
        Assert.Equal((HttpStatusCode.OK, false), (unknownJob.Status, unknownJob.Success));
        Assert.Equal($"jobId 4242 is unknown in app 'billing' (appId {AppId})", unknownJob.Message);
        Assert.Equal(["success", "data", "message"], PowerJobWire.Fields(unknownJob.Body));

        var badRun = await Wire.FormAsync("runJob", ("appId", AppId), ("jobId", "x"));
        Assert.Equal((HttpStatusCode.OK, false, $"jobId 'x' is not a whole number from {long.MinValue} to {long.MaxValue}"), (badRun.Status, badRun.Success, badRun.Message));

        var badJson = await Wire.JsonAsync("saveJob", "{\"appId\":");
        Assert.Equal((HttpStatusCode.OK, false), (badJson.Status, badJson.Success));
        Assert.StartsWith("malformed JSON body", badJson.Message);

        // This product's own endpoints keep real status codes.
        using var appSave = await Nodes.Http.PostAsync($"http://{Server.WebAddress}/appInfo/save",
            new FormUrlEncodedContent([new("appName", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, appSave.StatusCode);
    }
}
