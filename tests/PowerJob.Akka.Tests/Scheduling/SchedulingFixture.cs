using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Hosting;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Scheduling;

/// <summary>A real server with short timeouts and real workers with the sample and test processors, on loopback.</summary>
public abstract class SchedulingFixture : IAsyncLifetime
{
    protected readonly TestNodes Nodes = new();
    protected ServerNode Server = null!;
    protected OpenApiClient Api = null!;
    protected long AppId;

    protected virtual ServerOptions ServerOptions() => TestNodes.ServerOptions() with
    {
        ReceiveTimeout = TimeSpan.FromSeconds(3),
        ReportTimeout = TimeSpan.FromSeconds(2),
        RetryDelay = TimeSpan.FromMilliseconds(200),
        WorkerTimeout = TimeSpan.FromSeconds(3),
    };

    public virtual async Task InitializeAsync()
    {
        Server = await Nodes.StartServerAsync(ServerOptions());
        AppId = await Nodes.RegisterAppAsync(Server, "billing");
        Api = new OpenApiClient(Nodes.Http, Server);
    }

    public virtual async Task DisposeAsync() => await Nodes.DisposeAsync();

    protected async Task<WorkerNode> StartWorkerAsync(string protocol, Action<IServiceCollection>? more = null)
    {
        var worker = await Nodes.StartWorkerAsync(TestNodes.WorkerOptions(Server, "billing", protocol),
            services =>
            {
                services.AddSampleProcessors().AddServerTestProcessors();
                more?.Invoke(services);
            });
        await TestNodes.ReadyAsync(worker);
        return worker;
    }

    protected Task<long> SaveJobAsync(string processor, string type = "API", string? expression = null, string? jobParams = null,
        int maxInstanceNum = 0, int instanceRetryNum = 0, long instanceTimeLimit = 0, string executeType = "STANDALONE") =>
        Api.SaveJobAsync(new
        {
            appId = AppId, jobName = processor, processorInfo = processor, executeType, timeExpressionType = type,
            timeExpression = expression, jobParams, maxInstanceNum, instanceRetryNum, instanceTimeLimit,
        });

    protected static long Ms(System.Text.Json.JsonElement instance, string field) => instance.GetProperty(field).GetInt64();
}
