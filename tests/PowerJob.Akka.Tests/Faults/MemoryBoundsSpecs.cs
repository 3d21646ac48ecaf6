using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>
/// Scenario 7: memory stays bounded under a flood — delayed API instances, heartbeats from thousands of fake worker
/// addresses, a log storm. Each in-memory map has a limit (set low here so the flood reaches it), beyond which the
/// server refuses with a message naming the limit's key; what it accepted is all stored; it keeps serving.
/// </summary>
public sealed class MemoryBoundsSpecs : FaultFixture
{
    private const int MaxActive = 5000;
    private const int Runs = 6000;
    private const int MaxWorkers = 500;
    private const int Heartbeats = 10_000;
    private const int MaxPendingLines = 2000;
    private const int LogReports = 1000;
    private const int LinesPerReport = 100;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_flood_of_delayed_instances_fake_workers_and_log_lines_is_refused_at_the_limits_and_the_server_keeps_working()
    {
        var server = Own(await InProcessServer.StartAsync(SqliteConnectionString, $"--{ServerOptions.MaxActiveInstancesKey}={MaxActive}",
            $"--{ServerOptions.MaxWorkersKey}={MaxWorkers}", $"--{ServerOptions.MaxPendingLogLinesKey}={MaxPendingLines}",
            // The flood's fake workers and log lines come without a worker proof or dispatch token, as other SDKs' workers send them.
            $"--{SecurityOptions.AllowUnauthenticatedWorkersKey}=true"));
        using var api = new FaultApi(server.BaseUrl);
        var floodApp = await api.RegisterAppAsync("flood");
        var liveApp = await api.RegisterAppAsync("live");
        var worker = await StartWorkerAsync("worker", "live", server.WebAddress, "http");
        var floodJob = await api.SaveJobAsync(new { appId = floodApp, jobName = "later", processorInfo = "echo" });
        var liveJob = await api.SaveJobAsync(new { appId = liveApp, jobName = "echo", processorInfo = "echo", jobParams = "live:" });

        // 1. Delayed API instances: exactly the limit is taken, the rest refused before anything is stored.
        var accepted = new ConcurrentBag<long>();
        var refusals = new ConcurrentBag<string>();
        await Parallel.ForAsync(0, Runs, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var reply = await api.FormAsync("/openApi/runJob", ("appId", floodApp), ("jobId", floodJob), ("instanceParams", $"run {i}"),
                ("delay", (long)Hour.TotalMilliseconds));
            if (reply.Success) accepted.Add(reply.Data.GetInt64());
            else refusals.Add(reply.Message ?? "");
        });
        Assert.True(accepted.Count == MaxActive, $"{accepted.Count} runJob calls accepted, the limit is {MaxActive}; refusals: {refusals.FirstOrDefault()}");
        Assert.Equal(Runs - MaxActive, refusals.Count);
        Assert.All(refusals, r => Assert.Contains($"'{ServerOptions.MaxActiveInstancesKey}' = {MaxActive}", r));
        var stored = (await api.InstancesAsync(floodApp)).ToList();
        Assert.True(stored.Count == MaxActive && stored.All(i => FaultApi.Status(i) == 1),
            $"the store should hold exactly the {MaxActive} accepted instances, all waiting: {stored.Count} stored");
        Assert.Equal(accepted.Order(), stored.Select(i => i.GetProperty("instanceId").GetInt64()).Order());

        // 2. Heartbeats from many fake addresses: the first MaxWorkers are registered, the rest refused with the key.
        var transport = await TransportAsync(server, floodApp);
        var registered = 0;
        var heartbeatRefusals = new ConcurrentBag<string>();
        await Parallel.ForAsync(0, Heartbeats, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var reply = await PostAsync($"http://{transport}/server/workerHeartbeat", new
            {
                workerAddress = $"10.{i / 250}.{i % 250}.1:27777", appName = "flood", appId = floodApp,
                heartbeatTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), version = "4.3.9", protocol = "HTTP", client = "flood",
            });
            if (Property(reply, "accepted").GetBoolean()) Interlocked.Increment(ref registered);
            else heartbeatRefusals.Add(Property(reply, "message").GetString() ?? "");
        });
        Assert.True(registered == MaxWorkers, $"{registered} fake workers registered, the limit is {MaxWorkers}; {heartbeatRefusals.FirstOrDefault()}");
        Assert.All(heartbeatRefusals, r => Assert.Contains($"'{ServerOptions.MaxWorkersKey}' = {MaxWorkers}", r));

        // 3. A log storm against a store that does not keep up (its log writes held): lines beyond the limit are dropped and counted.
        var gate = server.Faults.Hold("AppendLogsAsync");
        var logged = accepted.First();
        await Parallel.ForAsync(0, LogReports, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var lines = Enumerable.Range(0, LinesPerReport).Select(n => new
            {
                instanceId = logged, logTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), logLevel = 2, logContent = $"storm {i}.{n}",
            });
            using var response = await _http.PostAsync($"http://{transport}/server/reportLog",
                JsonContent.Create(new { workerAddress = "10.0.0.1:27777", instanceLogContents = lines }));
            response.EnsureSuccessStatusCode();
        });
        // One report is being written (held), MaxPendingLines wait behind it, the rest is dropped.
        var total = LogReports * LinesPerReport;
        var keptLines = LinesPerReport + MaxPendingLines;
        var logs = await AwaitLoadAsync(server, l => l.GetProperty("logs").GetProperty("dropped").GetInt64() == total - keptLines,
            $"{total - keptLines} log lines dropped");
        Assert.Equal(MaxPendingLines, logs.GetProperty("logs").GetProperty("pending").GetInt64());

        // The in-memory counts stay at the limits.
        Assert.Equal(MaxActive, Count(logs, "instances", floodApp));
        Assert.InRange(Count(logs, "workers", floodApp), 1, MaxWorkers);

        // 4. The server keeps working: the store catches up with every accepted line, and a normal run on a real worker succeeds.
        gate.SetResult();
        var reader = StoreFactory.Create(StorageProvider.Sqlite, SqliteConnectionString);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        int linesStored;
        while ((linesStored = (await reader.ReadLogsAsync(logged)).Count) < keptLines && DateTime.UtcNow < deadline) await Task.Delay(200);
        if (reader is IAsyncDisposable disposable) await disposable.DisposeAsync();
        Assert.Equal(keptLines, linesStored);
        var instanceId = await api.RunJobAsync(liveApp, liveJob, "after the flood");
        var done = await api.AwaitInstanceAsync(liveApp, instanceId, i => FaultApi.Status(i) == 5, TimeSpan.FromSeconds(30), () => worker.Node.Output());
        Assert.Equal("live:after the flood", done.GetProperty("result").GetString());
        Assert.Equal(1, FaultApi.Status(await api.InstanceAsync(floodApp, accepted.Max())));
        var after = await LoadAsync(server);
        Assert.Equal(MaxActive, Count(after, "instances", floodApp));
        Assert.InRange(Count(after, "workers", floodApp), 0, MaxWorkers);
        Assert.Equal(0, after.GetProperty("logs").GetProperty("pending").GetInt64());
    }

    private async Task<string> TransportAsync(InProcessServer server, long appId)
    {
        using var response = await _http.GetAsync($"{server.BaseUrl}/server/acquire?appId={appId}&protocol=HTTP");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetString()!;
    }

    private async Task<JsonElement> PostAsync(string url, object body)
    {
        using var response = await _http.PostAsync(url, JsonContent.Create(body));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> LoadAsync(InProcessServer server)
    {
        using var response = await _http.GetAsync($"{server.BaseUrl}/health");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("load");
    }

    private async Task<JsonElement> AwaitLoadAsync(InProcessServer server, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var load = await LoadAsync(server);
            if (condition(load)) return load;
            if (DateTime.UtcNow > deadline) Assert.Fail($"expected {what} within 20 s; /health load: {load}");
            await Task.Delay(100);
        }
    }

    private static int Count(JsonElement load, string kind, long appId) =>
        load.GetProperty(kind).GetProperty("apps").GetProperty(appId.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32();

    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
