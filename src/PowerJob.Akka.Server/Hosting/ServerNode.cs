using Akka.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Auth;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Discovery;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Server.Workflows;
using PowerJob.Akka.Server.WebConsole;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Hosting;

/// <summary>A running server node: web port, cluster system and the worker-facing transports of the active protocols.</summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerNode(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;
    public ServerOptions Options => Services.GetRequiredService<ServerOptions>();
    public PortPlan Ports => Services.GetRequiredService<PortPlan>();
    public int WebPort => Ports.WebPort;
    public string WebAddress => $"{Options.Hostname}:{WebPort}";

    public static async Task<ServerNode> StartAsync(ServerOptions options, Action<IServiceCollection>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseKestrel(k =>
        {
            KestrelBinding.Listen(k, options.BindHostname, options.WebPort);
            k.Limits.MaxRequestBodySize = options.Security.WebMaxRequestBytes;
        });
        builder.Services.AddPowerJobServer(options);
        builder.Services.AddPowerJobConsole();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapSystem();
        app.MapCluster();
        app.MapDiscovery();
        app.MapApps();
        var openApi = app.MapGroup("/openApi").AddEndpointFilter<OpenApiAuthFilter>();
        openApi.MapWorkers();
        openApi.MapJobs();
        openApi.MapInstances();
        openApi.MapWorkflows();
        openApi.MapWorkflowInstances();
        app.MapPowerJobConsole();
        await app.StartAsync(cancellationToken);

        var ports = app.Services.GetRequiredService<PortPlan>();
        ports.WebPort = KestrelBinding.BoundPort(app.Services.GetRequiredService<IServer>());
        var log = app.Services.GetRequiredService<ILogger<ServerNode>>();
        foreach (var warning in options.ConfigurationWarnings) log.LogWarning("{ConfigurationWarning}", warning);
        foreach (var endpoint in ports.Endpoints) log.LogInformation("port plan: {Endpoint}", endpoint);
        SecurityWarnings.Log(options.Security, log);
        return new ServerNode(app);
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
