using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Hosting;

namespace PowerJob.Akka.Tests.Transport;

public class WorkerStartupSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_worker_started_before_any_server_keeps_retrying_and_connects_when_one_comes_up()
    {
        var webPort = Ports.Free();
        var options = TestNodes.ServerOptions() with { WebPort = webPort };
        var worker = await WorkerNode.StartAsync(new PowerJob.Akka.Configuration.WorkerOptions
        {
            AppName = "billing", AppPassword = "secret", ServerAddresses = [$"127.0.0.1:{webPort}"], Port = 0, BindHostname = "127.0.0.1",
            HealthReportInterval = TimeSpan.FromMilliseconds(300),
        });
        await using var _ = worker;

        var waiting = await TestNodes.EventuallyAsync(() => worker.HealthAsync(), h => h.ConsecutiveFailures >= 2, TimeSpan.FromSeconds(10));
        Assert.False(waiting.Ready);
        Assert.Contains($"127.0.0.1:{webPort}", waiting.LastError);

        var server = await _nodes.StartServerAsync(options);
        await _nodes.RegisterAppAsync(server, "billing");
        var ready = await TestNodes.ReadyAsync(worker, TimeSpan.FromSeconds(20));
        Assert.Null(ready.LastError);
    }
}
