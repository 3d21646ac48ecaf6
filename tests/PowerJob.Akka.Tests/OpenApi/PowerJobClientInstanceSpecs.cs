using System.Net;
using System.Text.Json;
using PowerJob.Akka.Tests.Scheduling;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.OpenApi;

/// <summary>PowerJob 5's instance calls as its Java client makes them, with the answers checked field by field.</summary>
public class PowerJobClientInstanceSpecs : SchedulingFixture
{
    private PowerJobWire Wire => new(Nodes.Http, Server);

    // PowerJob's InstanceInfoDTO fields, then this product's extras.
    private static readonly string[] InstanceInfoFields =
    [
        "jobId", "appId", "instanceId", "wfInstanceId", "jobParams", "instanceParams", "status", "type", "result",
        "expectedTriggerTime", "actualTriggerTime", "finishedTime", "taskTrackerAddress", "runningTimes", "gmtCreate", "gmtModified",
        "statusName", "lastReportTime", "attempt", "transitions",
    ];

    [Fact]
    public async Task FetchInstanceInfo_and_fetchInstanceStatus_answer_PowerJobs_DTOs()
    {
        await StartWorkerAsync("http");
        var jobId = await SaveJobAsync("echo", jobParams: "a");
        var run = await Wire.FormAsync("runJob", ("appId", AppId), ("jobId", jobId), ("instanceParams", "b"), ("delay", 0));
        Assert.True(run.Success, run.Message);
        var instanceId = run.Data.GetInt64();
        await Api.AwaitStatusAsync(AppId, instanceId, 5, TimeSpan.FromSeconds(15));

        var info = await Wire.FormAsync("fetchInstanceInfo", ("instanceId", instanceId), ("appId", AppId));
        Assert.True(info.Success, info.Message);
        var instance = info.Data;
        Assert.Equal(InstanceInfoFields, PowerJobWire.Fields(instance));
        Assert.Equal((jobId, AppId, instanceId), (instance.GetProperty("jobId").GetInt64(), instance.GetProperty("appId").GetInt64(),
            instance.GetProperty("instanceId").GetInt64()));
        Assert.Equal(JsonValueKind.Null, instance.GetProperty("wfInstanceId").ValueKind);
        Assert.Equal(1, instance.GetProperty("type").GetInt32());
        Assert.Equal((5, "ab", "a", "b"), (instance.GetProperty("status").GetInt32(), instance.GetProperty("result").GetString(),
            instance.GetProperty("jobParams").GetString(), instance.GetProperty("instanceParams").GetString()));
        Assert.Equal(1, instance.GetProperty("runningTimes").GetInt64());
        Assert.True(instance.GetProperty("finishedTime").GetInt64() >= instance.GetProperty("actualTriggerTime").GetInt64());
        Assert.False(string.IsNullOrEmpty(instance.GetProperty("taskTrackerAddress").GetString()));

        var status = await Wire.FormAsync("fetchInstanceStatus", ("instanceId", instanceId));
        Assert.Equal((true, 5), (status.Success, status.Data.GetInt32()));
    }

    [Fact]
    public async Task QueryInstance_takes_InstancePageQuery_and_answers_PageResult()
    {
        var jobId = await SaveJobAsync("echo");
        var other = await SaveJobAsync("echo");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await Api.RunJobAsync(AppId, jobId, delay: 600_000));
        await Api.RunJobAsync(AppId, other, delay: 600_000);

        var first = await Wire.JsonAsync("queryInstance", $$"""
            {"appIdEq":{{AppId}},"index":0,"pageSize":2,"sortBy":"instanceId","asc":true,"instanceIdEq":null,"instanceIdLt":null,
             "instanceIdGt":null,"jobIdEq":{{jobId}},"statusIn":[1],"gmtCreateLt":null,"gmtCreateGt":null,"gmtModifiedLt":null,"gmtModifiedGt":null}
            """);
        Assert.True(first.Success, first.Message);
        var page = first.Data;
        Assert.Equal(["index", "pageSize", "totalPages", "totalItems", "data"], PowerJobWire.Fields(page));
        Assert.Equal((0, 2, 3, 5L), (page.GetProperty("index").GetInt32(), page.GetProperty("pageSize").GetInt32(),
            page.GetProperty("totalPages").GetInt32(), page.GetProperty("totalItems").GetInt64()));
        Assert.Equal(ids.Take(2), page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("instanceId").GetInt64()));
        Assert.Equal(InstanceInfoFields, PowerJobWire.Fields(page.GetProperty("data")[0]));

        var last = (await Wire.JsonAsync("queryInstance", $$"""{"appIdEq":{{AppId}},"jobIdEq":{{jobId}},"index":2,"pageSize":2,"asc":true}""")).Data;
        Assert.Equal([ids[4]], last.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("instanceId").GetInt64()));

        var newestFirst = (await Wire.JsonAsync("queryInstance", $$"""{"appIdEq":{{AppId}},"instanceIdGt":{{ids[1]}},"instanceIdLt":{{ids[4]}}}""")).Data;
        Assert.Equal([ids[3], ids[2]], newestFirst.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("instanceId").GetInt64()));
        Assert.Equal(10, newestFirst.GetProperty("pageSize").GetInt32());

        var created = (await Wire.JsonAsync("queryInstance", $$"""{"appIdEq":{{AppId}},"gmtCreateGt":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()}}}""")).Data;
        Assert.Equal((0L, 0), (created.GetProperty("totalItems").GetInt64(), created.GetProperty("totalPages").GetInt32()));

        var badSort = await Wire.JsonAsync("queryInstance", $$"""{"appIdEq":{{AppId}},"sortBy":"color"}""");
        Assert.Equal((HttpStatusCode.OK, false), (badSort.Status, badSort.Success));
        Assert.StartsWith("sortBy 'color' is invalid", badSort.Message);
    }

    [Fact]
    public async Task LogConfig_level_keeps_only_the_lines_at_or_above_it()
    {
        await StartWorkerAsync("http");
        var quiet = await Api.SaveJobAsync(new { appId = AppId, jobName = "quiet", processorInfo = "chatty", logConfig = new { type = 1, level = 3 } });
        var silent = await Api.SaveJobAsync(new { appId = AppId, jobName = "silent", processorInfo = "chatty", logConfig = new { type = 999 } });
        var chatty = await Api.SaveJobAsync(new { appId = AppId, jobName = "chatty", processorInfo = "chatty" });

        async Task<List<string?>> LevelsAsync(long jobId, int expected)
        {
            var instanceId = await Api.RunJobAsync(AppId, jobId, "x");
            await Api.AwaitStatusAsync(AppId, instanceId, 5, TimeSpan.FromSeconds(15));
            var lines = await TestNodes.EventuallyAsync(
                async () => (await Api.FormAsync("/openApi/fetchInstanceLog", ("appId", AppId), ("instanceId", instanceId))).Data,
                logs => logs.GetArrayLength() >= expected, TimeSpan.FromSeconds(15));
            return lines.EnumerateArray().Select(l => l.GetProperty("level").GetString()).ToList();
        }

        Assert.Equal(["INFO", "WARN", "ERROR"], await LevelsAsync(chatty, 3));
        Assert.Equal(["WARN", "ERROR"], await LevelsAsync(quiet, 2));
        // The lines of the chatty job's next run arrive after the silent job's would have: none came.
        var silentId = await Api.RunJobAsync(AppId, silent, "x");
        await Api.AwaitStatusAsync(AppId, silentId, 5, TimeSpan.FromSeconds(15));
        await LevelsAsync(chatty, 3);
        Assert.Equal(0, (await Api.FormAsync("/openApi/fetchInstanceLog", ("appId", AppId), ("instanceId", silentId))).Data.GetArrayLength());
    }
}

/// <summary>The remaining calls of PowerJob's client, form bodies as it sends them, each answer checked whole.</summary>
public class PowerJobClientCommandSpecs : SchedulingFixture
{
    private PowerJobWire Wire => new(Nodes.Http, Server);

    private static void AssertVoidSuccess(PowerJobWire.Answer answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Success, answer.Message);
        Assert.Equal(["success", "data", "message"], PowerJobWire.Fields(answer.Body));
        Assert.Equal(JsonValueKind.Null, answer.Data.ValueKind);
    }

    [Fact]
    public async Task Assert_enable_disable_delete_cancel_and_retry_answer_as_PowerJob()
    {
        var assert = await Wire.FormAsync("assert", ("appName", "billing"), ("password", "secret"));
        Assert.Equal((true, AppId), (assert.Success, assert.Data.GetInt64()));
        var wrong = await Wire.FormAsync("assert", ("appName", "billing"), ("password", "nope"));
        Assert.Equal((HttpStatusCode.OK, false), (wrong.Status, wrong.Success));

        var jobId = await SaveJobAsync("echo");
        AssertVoidSuccess(await Wire.FormAsync("disableJob", ("jobId", jobId), ("appId", AppId)));
        AssertVoidSuccess(await Wire.FormAsync("enableJob", ("jobId", jobId), ("appId", AppId)));

        var delayed = (await Wire.FormAsync("runJob", ("appId", AppId), ("jobId", jobId), ("delay", 600_000))).Data.GetInt64();
        AssertVoidSuccess(await Wire.FormAsync("cancelInstance", ("instanceId", delayed), ("appId", AppId)));
        await TestNodes.EventuallyAsync(async () => (await Wire.FormAsync("fetchInstanceStatus", ("instanceId", delayed))).Data.GetInt32(),
            status => status == 9, TimeSpan.FromSeconds(10));
        var again = await Wire.FormAsync("cancelInstance", ("instanceId", delayed), ("appId", AppId));
        Assert.Equal((HttpStatusCode.OK, false), (again.Status, again.Success));
        Assert.False(string.IsNullOrEmpty(again.Message));

        AssertVoidSuccess(await Wire.FormAsync("retryInstance", ("instanceId", delayed), ("appId", AppId)));
        var stopNothing = await Wire.FormAsync("stopInstance", ("instanceId", 987654), ("appId", AppId));
        Assert.Equal((HttpStatusCode.OK, false), (stopNothing.Status, stopNothing.Success));

        AssertVoidSuccess(await Wire.FormAsync("deleteJob", ("jobId", jobId), ("appId", AppId)));
        var gone = await Wire.FormAsync("fetchJob", ("jobId", jobId), ("appId", AppId));
        Assert.Equal((HttpStatusCode.OK, false), (gone.Status, gone.Success));
    }
}
