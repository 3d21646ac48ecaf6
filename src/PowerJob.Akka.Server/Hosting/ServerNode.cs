using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Server.Hosting;

/// <summary>A running server node: the web port and, as they are built, the cluster and worker transports.</summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerNode(WebApplication app, ServerOptions options, int webPort)
    {
        _app = app;
        Options = options;
        WebPort = webPort;
    }

    public ServerOptions Options { get; }
    public int WebPort { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<ServerNode> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(options.BindHostname), options.WebPort));
        var app = builder.Build();
        app.MapGet("/health", () => Results.Json(new { status = "UP" }));
        await app.StartAsync(cancellationToken);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new ServerNode(app, options, port);
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
