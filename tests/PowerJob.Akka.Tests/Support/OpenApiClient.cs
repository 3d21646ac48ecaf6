using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerJob.Akka.Server.Hosting;

namespace PowerJob.Akka.Tests.Support;

/// <summary>Calls a server's OpenAPI the way PowerJob's clients do: POST with form fields or a JSON body.</summary>
public sealed class OpenApiClient(HttpClient http, string baseUrl)
{
    public OpenApiClient(HttpClient http, ServerNode server) : this(http, $"http://{server.WebAddress}")
    {
    }

    public sealed record Reply(HttpStatusCode Status, bool Success, JsonElement Data, string? Message);

    public Task<Reply> FormAsync(string path, params (string Key, object? Value)[] fields) =>
        SendAsync(path, new FormUrlEncodedContent(fields.Where(f => f.Value is not null)
            .Select(f => new KeyValuePair<string, string>(f.Key, Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture)!))));

    public Task<Reply> JsonAsync(string path, object body) => SendAsync(path, JsonContent.Create(body));

    public async Task<long> SaveJobAsync(object body)
    {
        var reply = await JsonAsync("/openApi/saveJob", body);
        Assert.True(reply.Success, reply.Message);
        return reply.Data.GetInt64();
    }

    public async Task<long> RunJobAsync(long appId, long jobId, string? instanceParams = null, long? delay = null)
    {
        var reply = await FormAsync("/openApi/runJob", ("appId", appId), ("jobId", jobId), ("instanceParams", instanceParams), ("delay", delay));
        Assert.True(reply.Success, reply.Message);
        return reply.Data.GetInt64();
    }

    public async Task<JsonElement> InstanceAsync(long appId, long instanceId)
    {
        var reply = await FormAsync("/openApi/fetchInstanceInfo", ("appId", appId), ("instanceId", instanceId));
        Assert.True(reply.Success, reply.Message);
        return reply.Data;
    }

    /// <summary>Waits until the instance reaches <paramref name="status"/> (PowerJob code), failing with its last state.</summary>
    public Task<JsonElement> AwaitStatusAsync(long appId, long instanceId, int status, TimeSpan timeout) =>
        TestNodes.EventuallyAsync(() => InstanceAsync(appId, instanceId), i => i.GetProperty("status").GetInt32() == status, timeout);

    public async Task<IReadOnlyList<JsonElement>> InstancesOfJobAsync(long appId, long jobId)
    {
        var reply = await FormAsync("/openApi/queryInstance", ("appId", appId), ("jobId", jobId), ("pageSize", 1000));
        Assert.True(reply.Success, reply.Message);
        return reply.Data.GetProperty("data").EnumerateArray().ToList();
    }

    private async Task<Reply> SendAsync(string path, HttpContent content)
    {
        using var response = await http.PostAsync(baseUrl + path, content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Reply(response.StatusCode, body.GetProperty("success").GetBoolean(),
            body.TryGetProperty("data", out var data) ? data : default,
            body.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null);
    }
}
