using PowerJob.Akka.Configuration;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Tests.Storage;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Retention;

/// <summary>
/// A real server's app entity cleans its app's history: rows back-dated in the server's own store are deleted after the
/// retention (instances with transitions and logs) and the log retention (log lines only), on SQLite and PostgreSQL.
/// </summary>
public sealed class RetentionSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();
    private PostgresTestDatabase? _postgres;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        if (_postgres is not null) await _postgres.DropAsync();
    }

    [Fact]
    public Task The_app_entity_deletes_old_finished_history_and_keeps_the_rest_on_SQLite() => CleansAsync(TestNodes.ServerOptions());

    [PostgresFact]
    public async Task The_app_entity_deletes_old_finished_history_and_keeps_the_rest_on_PostgreSQL()
    {
        _postgres = new PostgresTestDatabase();
        await _postgres.CreateAsync();
        await CleansAsync(TestNodes.ServerOptions() with
        {
            StorageProvider = StorageProvider.Postgres, ConnectionString = _postgres.NewConnectionString(),
        });
    }

    private async Task CleansAsync(ServerOptions options)
    {
        var server = await _nodes.StartServerAsync(options with
        {
            InstanceRetention = TimeSpan.FromDays(2),
            LogRetention = TimeSpan.FromDays(1),
            CleanupInterval = TimeSpan.FromMilliseconds(300),
            CleanupBatchSize = 2,
        });
        var appId = await _nodes.RegisterAppAsync(server, "retained");
        var store = server.Services.GetRequiredService<IPowerJobStore>();
        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var jobId = await new OpenApiClient(_nodes.Http, server).SaveJobAsync(new
        {
            appId, jobName = "history", processorInfo = "echo", executeType = "STANDALONE", timeExpressionType = "API",
        });

        var old = new List<long>();
        for (var i = 0; i < 5; i++) old.Add(await FinishedAsync(store, appId, jobId, now.AddDays(-3).AddMinutes(i)));
        var logsExpired = await FinishedAsync(store, appId, jobId, now.AddHours(-36));
        var recent = await FinishedAsync(store, appId, jobId, now.AddHours(-1));

        await TestNodes.EventuallyAsync(() => Task.WhenAll(old.Select(id => store.FindInstanceAsync(id))),
            found => found.All(i => i is null), TimeSpan.FromSeconds(20));
        await TestNodes.EventuallyAsync(() => store.ReadLogsAsync(logsExpired), lines => lines.Count == 0, TimeSpan.FromSeconds(20));

        var left = await store.QueryInstancesAsync(new InstanceQuery(appId));
        Assert.Equal([recent, logsExpired], left.Select(i => i.InstanceId));
        Assert.Equal(3, (await store.ReadLogsAsync(recent)).Count);
        Assert.Single(await store.ListTransitionsAsync(logsExpired));
        foreach (var id in old) Assert.Empty(await store.ListTransitionsAsync(id));
    }

    /// <summary>An instance that finished at <paramref name="finishedAt"/>, with its transition and three log lines.</summary>
    private static async Task<long> FinishedAsync(IPowerJobStore store, long appId, long jobId, DateTimeOffset finishedAt)
    {
        // Stored finished at once: an active row would be picked up (and failed) by the entity's sweep meanwhile.
        var started = finishedAt.AddMinutes(-1);
        var created = await store.InsertInstanceAsync(new InstanceRecord
        {
            AppId = appId, JobId = jobId, Status = InstanceStatus.Succeed, ActualTriggerTime = started, FinishedTime = finishedAt,
            CreatedAt = started, UpdatedAt = finishedAt,
        }, "finished");
        await store.AppendLogsAsync(Enumerable.Range(0, 3)
            .Select(i => new InstanceLogLine(created.InstanceId, started.AddSeconds(i), "INFO", $"line {i}", null)).ToList());
        return created.InstanceId;
    }
}
