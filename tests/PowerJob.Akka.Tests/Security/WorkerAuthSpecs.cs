using System.Text;
using System.Text.Json;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Tests.Scheduling;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Security;

/// <summary>
/// Workers prove they hold the app password (a signed heartbeat, the password never sent), and reports are accepted only
/// with the dispatch token of the attempt; workers that cannot authenticate are accepted only with the switch, for
/// STANDALONE jobs. Real servers and workers on loopback, both protocols; the attacks come from a bare HTTP client.
/// </summary>
public class WorkerAuthSpecs : IAsyncLifetime
{
    private const int Running = 3, Failed = 4, Succeed = 5;
    private readonly TestNodes _nodes = new();
    private readonly HttpClient _attacker = new() { Timeout = TimeSpan.FromSeconds(15) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _attacker.Dispose();
        await _nodes.DisposeAsync();
    }

    [Theory]
    [InlineData("AKKA", "wrong-password", "wrong password for app 'billing'")]
    [InlineData("HTTP", "wrong-password", "wrong password for app 'billing'")]
    [InlineData("AKKA", null, "the worker has no password for app 'billing': set 'powerjob.worker.app-password'")]
    [InlineData("HTTP", null, "the worker has no password for app 'billing': set 'powerjob.worker.app-password'")]
    public async Task A_worker_without_the_app_password_is_refused_saying_why_and_never_gets_a_dispatch(string protocol, string? password, string why)
    {
        var server = await _nodes.StartServerAsync();
        var appId = await _nodes.RegisterAppAsync(server, "billing", "right-password");
        await using var worker = await WorkerNode.StartAsync(TestNodes.WorkerOptions(server, "billing", protocol) with { AppPassword = password },
            services => services.AddSampleProcessors());

        var health = await TestNodes.EventuallyAsync(() => worker.HealthAsync(), h => h.LastError?.Contains(why) == true, TimeSpan.FromSeconds(15));
        Assert.False(health.Ready);
        Assert.Contains("refused the heartbeat", health.LastError);
        var listed = Assert.Single((await _nodes.WorkersAsync(server, appId)).EnumerateArray());
        Assert.Equal(health.WorkerAddress, listed.GetProperty("address").GetString());
        Assert.False(listed.GetProperty("alive").GetBoolean());
        Assert.Contains(why, listed.GetProperty("refusal").GetString());

        var api = new OpenApiClient(_nodes.Http, server);
        var jobId = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo" });
        var instance = await api.AwaitStatusAsync(appId, await api.RunJobAsync(appId, jobId, "x"), Failed, TimeSpan.FromSeconds(15));
        Assert.Contains("no worker available", instance.GetProperty("result").GetString());
        Assert.False(instance.TryGetProperty("taskTrackerAddress", out var tracker) && tracker.GetString() == health.WorkerAddress);
    }

    [Fact]
    public async Task A_forged_http_heartbeat_is_refused_and_its_address_is_never_eligible()
    {
        var server = await _nodes.StartServerAsync("HTTP", "HTTP");
        var appId = await _nodes.RegisterAppAsync(server, "billing");
        var bridge = await TransportAsync(server, appId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var plain = await PostAsync($"{bridge}/server/workerHeartbeat",
            $$"""{"workerAddress":"6.6.6.6:1","appName":"billing","appId":{{appId}},"heartbeatTime":{{now}},"version":"4.3.9","protocol":"HTTP"}""");
        Assert.Contains("carries no proof of app 'billing''s password", plain);
        Assert.Contains("oms.auth.allow-unauthenticated-workers = true", plain);
        var posing = await PostAsync($"{bridge}/server/workerHeartbeat",
            $$"""{"workerAddress":"6.6.6.7:1","appName":"billing","appId":{{appId}},"heartbeatTime":{{now}},"runtime":"PowerJob.Akka","version":"{{server.Options.Version}}","protocol":"HTTP","proof":"AAAA"}""");
        Assert.Contains("wrong password for app 'billing'", posing);

        var listed = (await _nodes.WorkersAsync(server, appId)).EnumerateArray().ToList();
        Assert.Equal(["6.6.6.6:1", "6.6.6.7:1"], listed.Select(w => w.GetProperty("address").GetString()));
        Assert.All(listed, w => Assert.False(w.GetProperty("alive").GetBoolean()));
        Assert.All(listed, w => Assert.False(string.IsNullOrEmpty(w.GetProperty("refusal").GetString())));

        var api = new OpenApiClient(_nodes.Http, server);
        var jobId = await api.SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo" });
        var instance = await api.AwaitStatusAsync(appId, await api.RunJobAsync(appId, jobId), Failed, TimeSpan.FromSeconds(15));
        Assert.Contains("no worker available", instance.GetProperty("result").GetString());
        Assert.DoesNotContain("6.6.6.", instance.TryGetProperty("taskTrackerAddress", out var tracker) ? tracker.ToString() : "");
    }

    [Theory]
    [InlineData("AKKA", false)]
    [InlineData("HTTP", false)]
    [InlineData("AKKA", true)]
    public async Task Forged_reports_and_log_lines_for_a_running_instance_are_refused_and_change_nothing_stored(string protocol, bool switchOn)
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions(extra: $"--oms.auth.allow-unauthenticated-workers={switchOn}"));
        var appId = await _nodes.RegisterAppAsync(server, "billing");
        var worker = await _nodes.StartWorkerAsync(TestNodes.WorkerOptions(server, "billing", protocol),
            services => services.AddSampleProcessors().AddServerTestProcessors());
        var workerAddress = (await TestNodes.ReadyAsync(worker)).WorkerAddress;
        var api = new OpenApiClient(_nodes.Http, server);
        var jobId = await api.SaveJobAsync(new { appId, jobName = "slow", processorInfo = "sleep" });
        var instanceId = await api.RunJobAsync(appId, jobId, "3000");
        await api.AwaitStatusAsync(appId, instanceId, Running, TimeSpan.FromSeconds(15));

        var bridge = await TransportAsync(server, appId, "HTTP");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var token in new[] { "", ""","dispatchToken":"Zm9yZ2Vk" """ })
        {
            var reply = await PostAsync($"{bridge}/server/reportInstanceStatus",
                $$"""{"jobId":{{jobId}},"instanceId":{{instanceId}},"instanceStatus":5,"result":"forged","startTime":{{now}},"reportTime":{{now}},"sourceAddress":"{{workerAddress}}","attempt":1{{token}}}""");
            Assert.Contains(token.Length == 0 ? "carries no dispatch token" : "dispatch token does not match attempt 1", reply);
        }
        var forgedLog = $$"""{"workerAddress":"{{workerAddress}}","instanceLogContents":[{"instanceId":{{instanceId}},"logTime":{{now}},"logLevel":4,"logContent":"forged line"}]""";
        await PostAsync($"{bridge}/server/reportLog", forgedLog + ",\"dispatchTokens\":[{\"instanceId\":" + instanceId + ",\"attempt\":1,\"dispatchToken\":\"Zm9yZ2Vk\"}]}");
        if (!switchOn) await PostAsync($"{bridge}/server/reportLog", forgedLog + "}");

        var running = await api.InstanceAsync(appId, instanceId);
        Assert.Equal(Running, running.GetProperty("status").GetInt32());
        Assert.NotEqual("forged", running.GetProperty("result").ToString());
        var done = await api.AwaitStatusAsync(appId, instanceId, Succeed, TimeSpan.FromSeconds(15));
        Assert.Equal("slept 3000 ms", done.GetProperty("result").GetString());

        // The worker's own lines, with the token, pass the same log writer after the forged ones did.
        var chatty = await api.SaveJobAsync(new { appId, jobName = "chatty", processorInfo = "chatty" });
        var chattyId = await api.RunJobAsync(appId, chatty, "x");
        await api.AwaitStatusAsync(appId, chattyId, Succeed, TimeSpan.FromSeconds(15));
        await TestNodes.EventuallyAsync(() => LogAsync(api, appId, chattyId), lines => lines.Count == 3, TimeSpan.FromSeconds(15));
        Assert.Empty(await LogAsync(api, appId, instanceId));
    }

    private static async Task<List<string>> LogAsync(OpenApiClient api, long appId, long instanceId) =>
        (await api.FormAsync("/openApi/fetchInstanceLog", ("appId", appId), ("instanceId", instanceId))).Data.EnumerateArray()
        .Select(l => l.GetProperty("content").ToString()).ToList();

    [Fact]
    public async Task With_the_switch_a_foreign_worker_is_accepted_for_STANDALONE_only_and_the_reason_says_so()
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions("HTTP", "HTTP", "--oms.auth.allow-unauthenticated-workers=true"));
        var appId = await _nodes.RegisterAppAsync(server, "legacy");
        var bridge = await TransportAsync(server, appId);
        await PostAsync($"{bridge}/server/workerHeartbeat",
            $$"""{"workerAddress":"127.0.0.1:9","appName":"legacy","appId":{{appId}},"heartbeatTime":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"version":"4.3.9","protocol":"HTTP"}""");
        var listed = Assert.Single((await _nodes.WorkersAsync(server, appId)).EnumerateArray());
        Assert.True(listed.GetProperty("alive").GetBoolean());

        var api = new OpenApiClient(_nodes.Http, server);
        foreach (var executeType in new[] { "MAP_REDUCE", "BROADCAST" })
        {
            var jobId = await api.SaveJobAsync(new { appId, jobName = executeType, processorInfo = "sum", executeType });
            var instance = await api.AwaitStatusAsync(appId, await api.RunJobAsync(appId, jobId), Failed, TimeSpan.FromSeconds(15));
            var reason = instance.GetProperty("result").GetString();
            Assert.Contains($"127.0.0.1:9 (PowerJob worker version 4.3.9 runs STANDALONE jobs only, job is {executeType}", reason);
            Assert.Contains("oms.auth.allow-unauthenticated-workers", reason);
        }
    }

    private async Task<string> TransportAsync(ServerNode server, long appId, string protocol = "HTTP") =>
        (await _nodes.GetJsonAsync($"http://{server.WebAddress}/server/acquire?appId={appId}&protocol={protocol}")).GetProperty("data").GetString() is { } address
            ? $"http://{address}"
            : throw new InvalidOperationException("no transport address");

    /// <summary>The reply's <c>message</c> (why it was refused), or its body when it has none.</summary>
    private async Task<string> PostAsync(string url, string json)
    {
        using var response = await _attacker.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(body).TryGetProperty("message", out var message) ? message.ToString() : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
