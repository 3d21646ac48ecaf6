using System.Net;
using System.Text;
using System.Text.Json;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Security;

/// <summary>
/// Malformed, oversized, out-of-range and wrongly typed values against every OpenAPI endpoint, every HTTP bridge path
/// and worker discovery, signed in: never a 500, never a change in the store.
/// </summary>
public sealed class FuzzSpecs : IAsyncLifetime
{
    private enum Kind { Id, Int, Enum, Bool, Params, Text }

    private static readonly Dictionary<Kind, string[]> BadValues = new()
    {
        [Kind.Id] = ["abc", "1.5", "99999999999999999999", "-99999999999999999999", "[1,2]", "{\"a\":1}", "true", "0x10", "1e3", "\u0000"],
        [Kind.Int] = ["abc", "1.5", "99999999999999999999", "9223372036854775807", "-1", "[1]", "{}", "true", "1e3"],
        [Kind.Enum] = ["API,CRON", "1,2", "99", "-1", "x", "[1]", "{}", "1.0", "true", "API|CRON"],
        [Kind.Bool] = ["maybe", "2", "[true]", "{}"],
        [Kind.Params] = [new string('p', 70_000)],
        [Kind.Text] = [new string('t', 5_000)],
    };

    private static readonly string[] MalformedBodies =
        ["{", "[", "{\"appId\":", "\"str\"", "null", "[]", new string('[', 300) + new string(']', 300), "{\"appId\":1,\"appId\":\"x\"}"];

    private readonly TestNodes _nodes = new();
    private ServerNode _server = null!;
    private RawOpenApi _api = null!;
    private long _appId, _jobId, _instanceId;

    public async Task InitializeAsync()
    {
        _server = await _nodes.StartServerAsync(TestNodes.ServerOptions(extra: "--oms.http.max-request-bytes=16384"));
        _appId = await _nodes.RegisterAppAsync(_server, "billing", "pw");
        _api = new RawOpenApi(_server);
        _api.Auth = await _api.SignInAsync("billing", "pw");
        _jobId = (await _api.FormAsync("/openApi/saveJob", ("appId", _appId), ("jobName", "base"), ("processorInfo", "echo"))).Data.GetInt64();
        _instanceId = (await _api.FormAsync("/openApi/runJob", ("appId", _appId), ("jobId", _jobId), ("delay", 3_600_000))).Data.GetInt64();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _nodes.DisposeAsync();
    }

    private (string Path, (string Field, Kind Kind)[] Fuzzed, (string, object)[] Valid)[] Endpoints() =>
    [
        ("/openApi/saveJob", [("appId", Kind.Id), ("id", Kind.Id), ("jobName", Kind.Text), ("processorInfo", Kind.Text), ("jobDescription", Kind.Text),
            ("executeType", Kind.Enum), ("timeExpressionType", Kind.Enum), ("dispatchStrategy", Kind.Enum), ("jobParams", Kind.Params),
            ("maxInstanceNum", Kind.Int), ("instanceRetryNum", Kind.Int), ("taskRetryNum", Kind.Int), ("instanceTimeLimit", Kind.Int),
            ("maxWorkerCount", Kind.Int), ("concurrency", Kind.Int), ("enable", Kind.Bool), ("designatedWorkers", Kind.Text)],
            [("appId", _appId), ("jobName", "fuzz"), ("processorInfo", "echo")]),
        ("/openApi/runJob", [("appId", Kind.Id), ("jobId", Kind.Id), ("delay", Kind.Int), ("instanceParams", Kind.Params)],
            [("appId", _appId), ("jobId", _jobId), ("delay", 3_600_000)]),
        .. new[] { "fetchJob", "enableJob", "disableJob", "deleteJob" }.Select(name =>
            ($"/openApi/{name}", new[] { ("appId", Kind.Id), ("jobId", Kind.Id) }, new (string, object)[] { ("appId", _appId), ("jobId", _jobId) })),
        .. new[] { "stopInstance", "cancelInstance", "retryInstance", "fetchInstanceStatus", "fetchInstanceInfo", "fetchInstanceLog" }.Select(name =>
            ($"/openApi/{name}", new[] { ("appId", Kind.Id), ("instanceId", Kind.Id) }, new (string, object)[] { ("appId", _appId), ("instanceId", _instanceId) })),
        ("/openApi/fetchAllJob", [("appId", Kind.Id)], [("appId", _appId)]),
        ("/openApi/fetchWorkers", [("appId", Kind.Id)], [("appId", _appId)]),
        ("/openApi/queryInstance", [("appId", Kind.Id), ("appIdEq", Kind.Id), ("jobId", Kind.Id), ("statusIn", Kind.Enum), ("pageSize", Kind.Int), ("index", Kind.Int)],
            [("appId", _appId)]),
        ("/openApi/authApp", [("appName", Kind.Text), ("encryptedPassword", Kind.Text), ("encryptType", Kind.Enum), ("appId", Kind.Id)],
            [("appName", "billing"), ("encryptedPassword", "wrong"), ("encryptType", "MD5")]),
        ("/openApi/assert", [("appName", Kind.Text), ("password", Kind.Text)], [("appName", "billing"), ("password", "wrong")]),
        ("/appInfo/save", [("appName", Kind.Text), ("password", Kind.Text), ("oldPassword", Kind.Int), ("adminPassword", Kind.Int)],
            [("appName", "billing"), ("password", "hijack"), ("oldPassword", "wrong")]),
    ];

    [Fact]
    public async Task Bad_values_on_every_OpenAPI_endpoint_never_answer_500_and_never_change_the_store()
    {
        var before = await SnapshotAsync();
        var calls = 0;
        foreach (var (path, fuzzed, valid) in Endpoints())
        {
            foreach (var (field, kind) in fuzzed)
            foreach (var bad in BadValues[kind])
            {
                var fields = valid.Where(v => v.Item1 != field).Append((field, (object)bad)).ToArray();
                foreach (var reply in new[] { await _api.FormAsync(path, fields!), await _api.RawAsync(path, JsonBody(fields), "application/json") })
                {
                    calls++;
                    Assert.True(reply.Status != HttpStatusCode.InternalServerError, $"{path} {field}={Short(bad)}: {reply.Raw}");
                    Assert.True(IsReadOnly(path) || !reply.Success, $"{path} accepted {field}={Short(bad)}: {reply.Raw}");
                }
            }
            foreach (var body in MalformedBodies)
            {
                var reply = await _api.RawAsync(path, body, "application/json");
                Assert.True(reply.Status != HttpStatusCode.InternalServerError, $"{path} body {Short(body)}: {reply.Raw}");
                Assert.True(IsReadOnly(path) || !reply.Success, $"{path} accepted body {Short(body)}: {reply.Raw}");
            }
            var badForm = await _api.RawAsync(path, "appId=%zz&jobId=%%%&=&&", "application/x-www-form-urlencoded");
            Assert.NotEqual(HttpStatusCode.InternalServerError, badForm.Status);
        }
        Assert.True(calls > 300, $"only {calls} calls");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Bad_values_on_every_HTTP_bridge_path_and_discovery_never_answer_500_and_never_change_the_store()
    {
        var before = await SnapshotAsync();
        var bridge = $"http://127.0.0.1:{_server.Ports.Endpoints.Single(e => e.Purpose == BoundEndpoint.HttpTransport).Port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        string[] bodies =
        [
            .. MalformedBodies,
            """{"instanceId":"abc","status":5}""", """{"instanceId":[1],"status":{}}""", """{"instanceId":99999999999999999999}""",
            $$"""{"instanceId":{{_instanceId}},"status":99999999999,"reportTime":"x"}""", $$"""{"instanceId":{{_instanceId}},"attempt":"1"}""",
            """{"workerAddress":[1],"appName":{},"appId":"x"}""", """{"workerAddress":"1.2.3.4:1","appId":99999999999999999999}""",
            """{"workerAddress":"1.2.3.4:1","instanceLogContents":"not a list"}""", """{"instanceLogContents":[{"instanceId":"x","logTime":[],"logContent":1}]}""",
            """{"appId":"x","jobId":[1]}""", "{\"appName\":\"" + new string('x', 20_000) + "\"}",
        ];
        foreach (var path in new[] { "/server/workerHeartbeat", "/server/reportInstanceStatus", "/server/reportLog", "/server/queryJobCluster" })
        foreach (var body in bodies)
        {
            using var response = await PostAsync(http, bridge + path, body);
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{path} {Short(body)}: {await response.Content.ReadAsStringAsync()}");
        }
        foreach (var query in new[] { "/server/assert?appName=" + new string('x', 5000), "/server/assert?appName=%00", "/server/acquire?appId=abc&protocol=x",
                     "/server/acquire?appId=99999999999999999999", "/server/acquire?appId=1&protocol=AKKA,HTTP&clientVersion=%ff",
                     "/server/workerKey", "/server/workerKey?appId=abc", "/server/workerKey?appId=99999999999999999999", "/server/workerKey?appId=-1" })
        {
            using var response = await http.GetAsync($"http://{_server.WebAddress}{query}");
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{Short(query)}: {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Empty((await _nodes.WorkersAsync(_server, _appId)).EnumerateArray());
        Assert.Equal(before, await SnapshotAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string url, string body)
    {
        try
        {
            return await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        }
        catch (HttpRequestException e)
        {
            throw new Xunit.Sdk.XunitException($"{url} {Short(body)}: {e.Message}");
        }
    }

    private static bool IsReadOnly(string path) =>
        path is "/openApi/fetchJob" or "/openApi/fetchAllJob" or "/openApi/fetchWorkers" or "/openApi/queryInstance"
            or "/openApi/fetchInstanceStatus" or "/openApi/fetchInstanceInfo" or "/openApi/fetchInstanceLog";

    /// <summary>The bad value as the JSON a client would send: a JSON literal as itself, anything else as a string.</summary>
    private static string JsonBody((string, object)[] fields)
    {
        var parts = fields.Select(f =>
        {
            var text = Convert.ToString(f.Item2, System.Globalization.CultureInfo.InvariantCulture)!;
            string json;
            try { using var _ = JsonDocument.Parse(text); json = text; }
            catch (JsonException) { json = JsonSerializer.Serialize(text); }
            return $"{JsonSerializer.Serialize(f.Item1)}:{json}";
        });
        return "{" + string.Join(",", parts) + "}";
    }

    private async Task<string> SnapshotAsync()
    {
        var store = _server.Services.GetRequiredService<IPowerJobStore>();
        var apps = await store.ListAppsAsync();
        var state = new List<object>();
        foreach (var app in apps)
        {
            state.Add(app);
            state.Add(await store.ListJobsAsync(app.Id));
            state.Add(await store.QueryInstancesAsync(new InstanceQuery(app.Id, Limit: 1000)));
        }
        return JsonSerializer.Serialize(state);
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
