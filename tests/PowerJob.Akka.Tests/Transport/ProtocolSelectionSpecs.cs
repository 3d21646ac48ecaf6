using System.Text.Json;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Transport;

public class ProtocolSelectionSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Server_serving_both_protocols_registers_an_http_and_an_akka_worker()
    {
        var server = await _nodes.StartServerAsync("AKKA,HTTP", "HTTP");
        var appId = await _nodes.RegisterAppAsync(server, "billing");
        var httpWorker = await _nodes.StartWorkerAsync(server, "billing", "http");
        var akkaWorker = await _nodes.StartWorkerAsync(server, "billing", "AKKA");

        var httpHealth = await TestNodes.ReadyAsync(httpWorker);
        var akkaHealth = await TestNodes.ReadyAsync(akkaWorker);

        var workers = await TestNodes.EventuallyAsync(() => _nodes.WorkersAsync(server, appId), w => w.GetArrayLength() == 2, TimeSpan.FromSeconds(10));
        var byAddress = workers.EnumerateArray().ToDictionary(w => w.GetProperty("address").GetString()!);
        Assert.Equal("HTTP", byAddress[httpHealth.WorkerAddress].GetProperty("protocol").GetString());
        Assert.Equal("AKKA", byAddress[akkaHealth.WorkerAddress].GetProperty("protocol").GetString());
        Assert.All(byAddress.Values, w => Assert.Equal(Versioning.PowerJobVersion.Current, w.GetProperty("version").GetString()));
        Assert.All(byAddress.Values, w => Assert.True(w.GetProperty("isPowerJobAkka").GetBoolean()));
    }

    [Fact]
    public async Task Http_only_server_closes_its_akka_port_and_refuses_an_akka_worker_clearly()
    {
        var akkaPort = Ports.Free();
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions("http", "http") with { AkkaPort = akkaPort });
        await _nodes.RegisterAppAsync(server, "billing");

        Assert.False(await Ports.AcceptsConnectionsAsync(akkaPort));
        Assert.DoesNotContain(server.Ports.Endpoints, e => e.Protocol == "AKKA");

        var akkaWorker = await _nodes.StartWorkerAsync(server, "billing", "akka");
        var health = await TestNodes.EventuallyAsync(() => akkaWorker.HealthAsync(),
            h => h.LastError?.Contains("server serves [HTTP]; worker asked for AKKA") == true, TimeSpan.FromSeconds(5));
        Assert.False(health.Ready);

        var httpWorker = await _nodes.StartWorkerAsync(server, "billing", "http");
        await TestNodes.ReadyAsync(httpWorker);
    }

    [Fact]
    public async Task Akka_only_server_closes_its_http_port_and_serves_an_akka_worker()
    {
        var httpPort = Ports.Free();
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions("Akka", "AKKA") with { HttpPort = httpPort });
        var appId = await _nodes.RegisterAppAsync(server, "billing");

        Assert.False(await Ports.AcceptsConnectionsAsync(httpPort));
        var worker = await _nodes.StartWorkerAsync(server, "billing", "akka");
        await TestNodes.ReadyAsync(worker);
        await TestNodes.EventuallyAsync(() => _nodes.WorkersAsync(server, appId), w => w.GetArrayLength() == 1, TimeSpan.FromSeconds(5));

        var httpWorker = await _nodes.StartWorkerAsync(server, "billing", "http");
        await TestNodes.EventuallyAsync(() => httpWorker.HealthAsync(),
            h => h.LastError?.Contains("server serves [AKKA]; worker asked for HTTP") == true, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Every_spelling_works_together_where_PowerJob_fails()
    {
        var options = ServerOptions.Read(NodeConfiguration.FromHocon(
            "oms.transporter { active.protocols = \"akka,http\", main.protocol = HTTP }",
            "--oms.akka.port=0", "--oms.http.port=0", "--server.port=0", "--oms.cluster.port=0", "--oms.bind-hostname=127.0.0.1"));
        var server = await _nodes.StartServerAsync(options);
        var appId = await _nodes.RegisterAppAsync(server, "billing");

        foreach (var spelling in new[] { "Http", "aKKa" })
        {
            var workerOptions = WorkerOptions.Read(NodeConfiguration.FromHocon(
                $"powerjob.worker {{ app-name = billing, server-address = \"{server.WebAddress}\", protocol = {spelling} }}",
                "--powerjob.worker.port=0", "--powerjob.worker.bind-hostname=127.0.0.1", "--powerjob.worker.health-report-interval=300ms"));
            await TestNodes.ReadyAsync(await _nodes.StartWorkerAsync(workerOptions));
        }
        var workers = await TestNodes.EventuallyAsync(() => _nodes.WorkersAsync(server, appId), w => w.GetArrayLength() == 2, TimeSpan.FromSeconds(5));
        Assert.Equal(["AKKA", "HTTP"], workers.EnumerateArray().Select(w => w.GetProperty("protocol").GetString()).Order());
    }

    [Fact]
    public async Task Port_plan_lists_only_bound_ports_with_protocol_and_purpose()
    {
        var server = await _nodes.StartServerAsync("http", "http");
        var plan = await _nodes.GetJsonAsync($"http://{server.WebAddress}/system/ports");
        var purposes = plan.EnumerateArray().Select(e => e.GetProperty("purpose").GetString()).ToList();
        Assert.Equal(3, purposes.Count);
        Assert.Contains(PowerJob.Akka.Transport.BoundEndpoint.HttpTransport, purposes);
        Assert.Contains(PowerJob.Akka.Transport.BoundEndpoint.Cluster, purposes);
        Assert.All(plan.EnumerateArray(), e => Assert.NotEqual(0, e.GetProperty("port").GetInt32()));
        Assert.All(plan.EnumerateArray(), e => Assert.True(e.GetProperty("openTo").GetString()!.Length > 0));
    }
}
