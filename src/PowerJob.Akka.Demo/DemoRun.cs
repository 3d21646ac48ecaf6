using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Worker.Host.Samples;
using PowerJob.Akka.Worker.Hosting;

namespace PowerJob.Akka.Demo;

/// <summary>
/// One server and two workers (one AKKA, one HTTP) in this process on the embedded SQLite store; registers an app,
/// saves one job per sample processor through the OpenAPI, runs them and prints what happened.
/// </summary>
public static class DemoRun
{
    private static readonly string[] StatusNames = ["", "WAITING_DISPATCH", "WAITING_WORKER_RECEIVE", "RUNNING", "FAILED", "SUCCEED", "", "", "", "CANCELED", "STOPPED"];

    public static async Task<int> RunAsync(ServerOptions options, bool keepRunning)
    {
        var dbFile = Path.Combine(Path.GetTempPath(), $"powerjob-demo-{Environment.ProcessId}.db");
        try
        {
            return await RunWithStoreAsync(options with { ConnectionString = $"Data Source={dbFile}" }, keepRunning);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { dbFile, dbFile + "-wal", dbFile + "-shm" }) File.Delete(file);
        }
    }

    /// <summary>
    /// Workers stop before the server (a worker outliving its server would retry and complain), and the summary is
    /// printed only once every node has stopped, so it is the demo's last line.
    /// </summary>
    private static async Task<int> RunWithStoreAsync(ServerOptions options, bool keepRunning)
    {
        var server = await ServerNode.StartAsync(options,
            services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        var workers = new List<WorkerNode>();
        (int Succeeded, int Runs, int CronFires) outcome;
        try
        {
            outcome = await RunJobsAsync(server, workers, keepRunning);
        }
        finally
        {
            for (var i = workers.Count - 1; i >= 0; i--) await workers[i].DisposeAsync();
            await server.DisposeAsync();
        }
        Console.WriteLine($"demo finished: {outcome.Succeeded} of {outcome.Runs} runs SUCCEED, the CRON job fired {outcome.CronFires} times; " +
                          $"server and {workers.Count} workers stopped");
        return outcome.Succeeded == outcome.Runs ? 0 : 1;
    }

    private static async Task<(int Succeeded, int Runs, int CronFires)> RunJobsAsync(ServerNode server, List<WorkerNode> workers, bool keepRunning)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}") };
        Console.WriteLine($"server web port {server.WebPort}: try GET /system/ports, /system/cluster, /openApi/fetchWorkers?appId=1");

        var appId = await CallAsync(http, "/appInfo/save", new { appName = "demo", password = "demo", adminPassword = server.Options.Security.AdminPassword });
        // The OpenAPI needs a token, as PowerJob 5.x's: sign in with the password's MD5 and send it on every call.
        var auth = await CallAsync<JsonElement>(http, "/openApi/authApp",
            new { appName = "demo", encryptedPassword = PowerJob.Akka.Storage.PasswordHasher.Md5Hex("demo"), encryptType = "MD5" });
        http.DefaultRequestHeaders.Add("X-POWERJOB-APP-ID", $"{appId}");
        http.DefaultRequestHeaders.Add("X-POWERJOB-ACCESS-TOKEN", auth.GetProperty("token").GetString());
        foreach (var protocol in new[] { Protocol.Akka, Protocol.Http })
        {
            var worker = await WorkerNode.StartAsync(new WorkerOptions
            {
                AppName = "demo", AppPassword = "demo", ServerAddresses = [$"127.0.0.1:{server.WebPort}"], Protocol = protocol, Port = 0,
                HealthReportInterval = TimeSpan.FromSeconds(1),
            }, services => services.AddSampleProcessors().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
            workers.Add(worker);
            while (!(await worker.HealthAsync()).Ready) await Task.Delay(200);
            Console.WriteLine($"worker {(await worker.HealthAsync()).WorkerAddress} connected over {protocol.Name()}");
        }

        var echo = await SaveJobAsync(http, appId, "echo", "STANDALONE", jobParams: "hello from ");
        var sum = await SaveJobAsync(http, appId, "sum", "MAP_REDUCE");
        var whoami = await SaveJobAsync(http, appId, "whoami", "BROADCAST");
        var cron = await SaveJobAsync(http, appId, "echo", "STANDALONE", "CRON", "*/2 * * * * *", "tick");

        var runs = new List<(string Name, long InstanceId)>
        {
            ("echo", await CallAsync(http, "/openApi/runJob", new { appId, jobId = echo, instanceParams = "the demo" })),
            ("sum 1..1,000,000", await CallAsync(http, "/openApi/runJob", new { appId, jobId = sum, instanceParams = "1000000" })),
            ("whoami", await CallAsync(http, "/openApi/runJob", new { appId, jobId = whoami })),
        };
        var succeeded = 0;
        foreach (var (name, instanceId) in runs)
        {
            var info = await AwaitFinishedAsync(http, appId, instanceId);
            var status = info.GetProperty("status").GetInt32();
            if (status == 5) succeeded++;
            Console.WriteLine($"{name,-18} instance {instanceId}: {StatusNames[status]} -> {info.GetProperty("result").GetString()}");
        }
        Console.WriteLine("(a BROADCAST reaches the app's workers that speak the task tracker's protocol: workers talk to each other over it)");

        await Task.Delay(TimeSpan.FromSeconds(6.5));
        var ticks = Items(await CallAsync<JsonElement>(http, "/openApi/queryInstance", new { appId, jobId = cron }));
        Console.WriteLine($"CRON */2 s job fired {ticks.Count} times so far: " +
                          string.Join(", ", ticks.Select(i => StatusNames[i.GetProperty("status").GetInt32()])));

        if (keepRunning)
        {
            Console.WriteLine("running until Ctrl+C");
            await server.WaitForShutdownAsync();
        }
        else
        {
            // A fire claimed just before the disable still runs; the workers stay until it has, so none is sent to a stopped one.
            await CallAsync<JsonElement>(http, "/openApi/disableJob", new { appId, jobId = cron });
            ticks = Items(await CallAsync<JsonElement>(http, "/openApi/queryInstance", new { appId, jobId = cron }));
            foreach (var tick in ticks.Where(t => t.GetProperty("status").GetInt32() is not (4 or 5 or 9 or 10)))
                await AwaitFinishedAsync(http, appId, tick.GetProperty("instanceId").GetInt64());
        }
        return (succeeded, runs.Count, ticks.Count);
    }

    // queryInstance answers PowerJob 5's page ({index, pageSize, totalPages, totalItems, data}); a bare list is read too.
    private static List<JsonElement> Items(JsonElement page) =>
        (page.ValueKind == JsonValueKind.Array ? page : page.GetProperty("data")).EnumerateArray().ToList();

    private static Task<long> SaveJobAsync(HttpClient http, long appId, string processor, string executeType,
        string timeExpressionType = "API", string? timeExpression = null, string? jobParams = null) =>
        CallAsync(http, "/openApi/saveJob", new { appId, jobName = processor, processorInfo = processor, executeType, timeExpressionType, timeExpression, jobParams });

    private static async Task<JsonElement> AwaitFinishedAsync(HttpClient http, long appId, long instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var info = await CallAsync<JsonElement>(http, "/openApi/fetchInstanceInfo", new { appId, instanceId });
            if (info.GetProperty("status").GetInt32() is 4 or 5 or 9 or 10) return info;
            await Task.Delay(200, timeout.Token);
        }
    }

    private static Task<long> CallAsync(HttpClient http, string path, object body) => CallAsync<long>(http, path, body);

    private static async Task<T> CallAsync<T>(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!reply.GetProperty("success").GetBoolean())
            throw new InvalidOperationException($"{path} failed: {reply.GetProperty("message").GetString()}");
        return reply.GetProperty("data").Deserialize<T>()!;
    }
}
