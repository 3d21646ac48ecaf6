using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Tests.Alarms;

/// <summary>A real Kestrel endpoint on a loopback port that records every JSON body POSTed to it.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _web;

    private WebhookListener(WebApplication web, string url)
    {
        _web = web;
        Url = url;
    }

    public string Url { get; }
    public ConcurrentQueue<JsonElement> Received { get; } = new();

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        WebhookListener? self = null;
        web.MapPost("/hook", async (HttpRequest request) =>
        {
            self!.Received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
            return Results.Ok();
        });
        await web.StartAsync();
        self = new WebhookListener(web, $"http://127.0.0.1:{KestrelBinding.BoundPort(web.Services.GetRequiredService<IServer>())}/hook");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }
}

/// <summary>A dead webhook: accepts connections on a loopback port and never answers.</summary>
public sealed class SilentListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public SilentListener()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try { _held.Add(await _listener.AcceptTcpClientAsync(_stop.Token)); }
                catch (OperationCanceledException) { return; }
                catch (SocketException) { return; }
            }
        });
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/dead";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _held) client.Dispose();
        _stop.Dispose();
    }
}
