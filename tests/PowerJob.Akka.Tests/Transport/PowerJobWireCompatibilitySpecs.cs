using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Transport;

/// <summary>A minimal PowerJob HTTP worker, speaking PowerJob's own JSON (not this project's types).</summary>
public class PowerJobWireCompatibilitySpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_PowerJob_http_worker_asserts_acquires_heartbeats_and_is_listed()
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions(extra: "--oms.auth.allow-unauthenticated-workers=true"));
        await _nodes.RegisterAppAsync(server, "powerjob-app");
        var web = $"http://{server.WebAddress}";

        var assert = await _nodes.GetJsonAsync($"{web}/server/assert?appName=powerjob-app");
        Assert.True(assert.GetProperty("success").GetBoolean());
        var appId = assert.GetProperty("data").GetInt64();

        var acquire = await _nodes.GetJsonAsync($"{web}/server/acquire?appId={appId}&protocol=HTTP&currentServer=");
        Assert.True(acquire.GetProperty("success").GetBoolean(), acquire.ToString());
        var transport = acquire.GetProperty("data").GetString();

        const string heartbeat = """
            {"workerAddress":"10.1.2.3:27777","appName":"powerjob-app","appId":APPID,"heartbeatTime":1700000000000,
             "containerInfos":[],"version":"4.3.9","protocol":"HTTP","tag":null,"client":"KingPenguin","extra":null,
             "overload":false,"lightTaskTrackerNum":0,"heavyTaskTrackerNum":0,
             "systemMetrics":{"cpuProcessors":8,"cpuLoad":0.42,"jvmUsedMemory":0.3,"jvmMaxMemory":4.0,"jvmMemoryUsage":0.075,
                              "diskUsed":10.0,"diskTotal":100.0,"diskUsage":0.1,"extra":null,"score":7}}
            """;
        using var response = await _nodes.Http.PostAsync($"http://{transport}/server/workerHeartbeat",
            new StringContent(heartbeat.Replace("APPID", appId.ToString()), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var worker = Assert.Single((await _nodes.WorkersAsync(server, appId)).EnumerateArray());
        Assert.Equal("10.1.2.3:27777", worker.GetProperty("address").GetString());
        Assert.Equal("4.3.9", worker.GetProperty("version").GetString());
        Assert.False(worker.GetProperty("isPowerJobAkka").GetBoolean());
        Assert.Equal("HTTP", worker.GetProperty("protocol").GetString());
    }

    [Fact]
    public async Task Unknown_app_is_refused_on_assert()
    {
        var server = await _nodes.StartServerAsync();
        var assert = await _nodes.GetJsonAsync($"http://{server.WebAddress}/server/assert?appName=nobody");
        Assert.False(assert.GetProperty("success").GetBoolean());
        Assert.Contains("app 'nobody' is not registered", assert.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Acquire_for_an_unserved_protocol_names_what_is_served()
    {
        var server = await _nodes.StartServerAsync("HTTP", "HTTP");
        var appId = await _nodes.RegisterAppAsync(server, "powerjob-app");
        var acquire = await _nodes.GetJsonAsync($"http://{server.WebAddress}/server/acquire?appId={appId}&protocol=AKKA");
        Assert.False(acquire.GetProperty("success").GetBoolean());
        Assert.Equal("server serves [HTTP]; worker asked for AKKA", acquire.GetProperty("message").GetString());
    }
}
