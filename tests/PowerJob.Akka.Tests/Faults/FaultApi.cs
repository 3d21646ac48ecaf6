using System.Text.Json;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>The OpenAPI of a server process, by its web address (which stays the same across restarts).</summary>
public sealed class FaultApi : IDisposable
{
    public FaultApi(string baseUrl)
    {
        _http = new HttpClient(_auth) { Timeout = TimeSpan.FromSeconds(15) };
        _api = new Support.OpenApiClient(_http, baseUrl);
    }

    public FaultApi(ServerProcess server) : this(server.BaseUrl)
    {
    }

    public static readonly int[] FinalStatuses = [4, 5, 9, 10];
    // Signs OpenAPI calls in with the registered app's password, as PowerJob 5.x clients do.
    private readonly Support.OpenApiAuthHandler _auth = new();
    private readonly HttpClient _http;
    private readonly Support.OpenApiClient _api;

    public Task<Support.OpenApiClient.Reply> FormAsync(string path, params (string Key, object? Value)[] fields) => _api.FormAsync(path, fields);

    public Task<Support.OpenApiClient.Reply> JsonAsync(string path, object body) => _api.JsonAsync(path, body);

    public async Task<long> RegisterAppAsync(string appName)
    {
        var reply = await FormAsync("/appInfo/save", ("appName", appName), ("password", "secret"));
        Assert.True(reply.Success, reply.Message);
        SignInAs(reply.Data.GetInt64(), appName);
        return reply.Data.GetInt64();
    }

    /// <summary>Signs calls about an app registered earlier (through another client) in.</summary>
    public void SignInAs(long appId, string appName, string password = "secret") => _auth.Remember(appId, appName, password);

    public Task<long> SaveJobAsync(object job) => _api.SaveJobAsync(job);

    public Task<long> RunJobAsync(long appId, long jobId, string? instanceParams = null, long? delay = null) =>
        _api.RunJobAsync(appId, jobId, instanceParams, delay);

    public Task<JsonElement> InstanceAsync(long appId, long instanceId) => _api.InstanceAsync(appId, instanceId);

    /// <summary>Every instance of the app (all pages), newest first.</summary>
    public async Task<List<JsonElement>> InstancesAsync(long appId)
    {
        var all = new List<JsonElement>();
        for (var offset = 0; ; offset += 1000)
        {
            var reply = await FormAsync("/openApi/queryInstance", ("appId", appId), ("limit", 1000), ("offset", offset));
            Assert.True(reply.Success, reply.Message);
            var page = reply.Data.GetProperty("data").EnumerateArray().ToList();
            all.AddRange(page);
            if (page.Count < 1000) return all;
        }
    }

    /// <summary>Polls the instance until <paramref name="condition"/> holds; fails with its last state and the nodes' output.</summary>
    public async Task<JsonElement> AwaitInstanceAsync(long appId, long instanceId, Func<JsonElement, bool> condition, TimeSpan timeout,
        Func<string>? context = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            JsonElement? last = null;
            try
            {
                last = await InstanceAsync(appId, instanceId);
                if (condition(last.Value)) return last.Value;
            }
            catch (HttpRequestException)
            {
                // the server may be restarting
            }
            if (cts.IsCancellationRequested)
                Assert.Fail($"instance {instanceId}: condition not met within {timeout.TotalSeconds} s; last state: {last}\n{context?.Invoke()}");
            await Task.Delay(100);
        }
    }

    public static int Status(JsonElement instance) => instance.GetProperty("status").GetInt32();
    public static bool IsFinal(JsonElement instance) => FinalStatuses.Contains(Status(instance));

    public void Dispose() => _http.Dispose();
}
