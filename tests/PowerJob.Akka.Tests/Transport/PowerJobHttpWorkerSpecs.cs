using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Transport;

/// <summary>
/// A PowerJob HTTP worker written by someone else (here: a few lines of Kestrel speaking PowerJob's JSON, none of this
/// project's types) runs a STANDALONE job on this server: it receives PowerJob's ServerScheduleJobReq and reports with
/// PowerJob's TaskTrackerReportInstanceStatusReq, which carries no attempt.
/// </summary>
public class PowerJobHttpWorkerSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();
    private readonly Channel<JsonElement> _runJobs = Channel.CreateUnbounded<JsonElement>();
    private WebApplication _worker = null!;
    private string _workerAddress = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _worker = builder.Build();
        _worker.MapPost("/worker/runJob", async (HttpContext context) =>
        {
            await _runJobs.Writer.WriteAsync(await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body));
            return Results.Ok();
        });
        await _worker.StartAsync();
        _workerAddress = $"127.0.0.1:{KestrelBinding.BoundPort(_worker.Services.GetRequiredService<IServer>())}";
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task A_PowerJob_http_worker_runs_a_standalone_job_and_its_report_is_stored()
    {
        var (api, appId, transport) = await StartWithLegacyWorkerAsync();
        var jobId = await api.SaveJobAsync(new { appId, jobName = "legacy-job", processorInfo = "tech.powerjob.samples.EchoProcessor", jobParams = "p" });
        var instanceId = await api.RunJobAsync(appId, jobId, "i");

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var request = await _runJobs.Reader.ReadAsync(wait.Token);
        Assert.Equal(instanceId, request.GetProperty("instanceId").GetInt64());
        Assert.Equal("STANDALONE", request.GetProperty("executeType").GetString());
        Assert.Equal("tech.powerjob.samples.EchoProcessor", request.GetProperty("processorInfo").GetString());
        Assert.Equal("i", request.GetProperty("instanceParams").GetString());

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (status, result) in new[] { (3, (string?)null), (5, "done by a PowerJob worker") })
            await PostAsync($"http://{transport}/server/reportInstanceStatus",
                JsonSerializer.Serialize(new { jobId, instanceId, instanceStatus = status, result, startTime = now, reportTime = now + status, sourceAddress = _workerAddress }));

        var done = await api.AwaitStatusAsync(appId, instanceId, 5, TimeSpan.FromSeconds(10));
        Assert.Equal("done by a PowerJob worker", done.GetProperty("result").GetString());
        Assert.Equal(_workerAddress, done.GetProperty("taskTrackerAddress").GetString());
    }

    [Fact]
    public async Task A_final_report_that_overtakes_RUNNING_records_the_run_and_the_late_RUNNING_changes_nothing()
    {
        var (api, appId, transport) = await StartWithLegacyWorkerAsync();
        var jobId = await api.SaveJobAsync(new { appId, jobName = "legacy-job", processorInfo = "tech.powerjob.samples.EchoProcessor" });
        var instanceId = await api.RunJobAsync(appId, jobId, "i");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _runJobs.Reader.ReadAsync(wait.Token);

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (status, result) in new[] { (5, (string?)"done"), (3, null) })
            await PostAsync($"http://{transport}/server/reportInstanceStatus",
                JsonSerializer.Serialize(new { jobId, instanceId, instanceStatus = status, result, startTime = now, reportTime = now, sourceAddress = _workerAddress }));

        var done = await api.AwaitStatusAsync(appId, instanceId, 5, TimeSpan.FromSeconds(10));
        Assert.Equal("done", done.GetProperty("result").GetString());
        var statuses = done.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("statusName").GetString()).ToList();
        Assert.Equal(["WAITING_DISPATCH", "WAITING_WORKER_RECEIVE", "RUNNING", "SUCCEED"], statuses);
    }

    private async Task<(OpenApiClient Api, long AppId, string? Transport)> StartWithLegacyWorkerAsync()
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions("HTTP", "HTTP", "--oms.auth.allow-unauthenticated-workers=true"));
        var appId = await _nodes.RegisterAppAsync(server, "legacy");
        var transport = (await _nodes.GetJsonAsync($"http://{server.WebAddress}/server/acquire?appId={appId}&protocol=HTTP")).GetProperty("data").GetString();
        await PostAsync($"http://{transport}/server/workerHeartbeat",
            $$"""{"workerAddress":"{{_workerAddress}}","appName":"legacy","appId":{{appId}},"heartbeatTime":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"version":"4.3.9","protocol":"HTTP","client":"KingPenguin"}""");
        return (new OpenApiClient(_nodes.Http, server), appId, transport);
    }

    private async Task PostAsync(string url, string json)
    {
        using var response = await _nodes.Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
