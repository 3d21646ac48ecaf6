using System.Net;
using System.Text;
using System.Text.Json;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Transport;

public class HttpBridgeSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Malformed_unknown_and_oversized_requests_are_rejected_and_the_node_keeps_serving()
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions("http", "http", "--oms.auth.allow-unauthenticated-workers=true") with { MaxRequestBodyBytes = 4096 });
        var appId = await _nodes.RegisterAppAsync(server, "billing");
        var bridge = $"http://127.0.0.1:{server.Ports.Endpoints.Single(e => e.Purpose == BoundEndpoint.HttpTransport).Port}";

        var malformed = await PostAsync($"{bridge}/server/workerHeartbeat", "{\"workerAddress\": ");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Contains("malformed JSON for /server/workerHeartbeat", malformed.Body);

        var unknown = await PostAsync($"{bridge}/server/launchMissiles", "{}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("no handler for POST /server/launchMissiles", unknown.Body);

        var workerRoot = await PostAsync($"{bridge}/worker/runJob", "{}");
        Assert.Equal(HttpStatusCode.NotFound, workerRoot.Status);

        var oversized = await PostAsync($"{bridge}/server/workerHeartbeat",
            JsonSerializer.Serialize(new { workerAddress = "127.0.0.1:1", appName = new string('x', 10_000) }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.Status);

        Assert.Empty((await _nodes.WorkersAsync(server, appId)).EnumerateArray());

        var valid = await PostAsync($"{bridge}/server/workerHeartbeat",
            JsonSerializer.Serialize(new { workerAddress = "127.0.0.1:1", appName = "billing", appId, protocol = "HTTP", heartbeatTime = 1 }));
        Assert.Equal(HttpStatusCode.OK, valid.Status);
        Assert.Single((await _nodes.WorkersAsync(server, appId)).EnumerateArray());
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string url, string json)
    {
        using var response = await _nodes.Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
