using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Transport;

/// <summary>
/// The Kestrel side of the HTTP bridge: <c>POST /{root}/{method}</c> with a JSON body. Malformed JSON is 400,
/// an unknown handler 404, a body over the limit 413; none of those reach an actor.
/// </summary>
public sealed class HttpBridgeEndpoint(WebApplication app, int port) : IAsyncDisposable
{
    public static readonly TimeSpan HandlerTimeout = TimeSpan.FromSeconds(10);

    public int Port { get; } = port;

    public static async Task<HttpBridgeEndpoint> StartAsync(string bindHost, int port, IActorRef bridge, long maxBodyBytes,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            KestrelBinding.Listen(k, bindHost, port);
            k.Limits.MaxRequestBodySize = maxBodyBytes;
        });
        var app = builder.Build();
        app.MapPost("/{root}/{method}", (string root, string method, HttpContext context) =>
            HandleAsync($"/{root}/{method}", context, bridge, maxBodyBytes));
        app.MapFallback((HttpContext context) => Error(StatusCodes.Status404NotFound,
            $"no handler for {context.Request.Method} {context.Request.Path}; handlers take POST /{{root}}/{{method}}"));
        await app.StartAsync(cancellationToken);
        return new HttpBridgeEndpoint(app, KestrelBinding.BoundPort(app.Services.GetRequiredService<IServer>()));
    }

    private static async Task<IResult> HandleAsync(string path, HttpContext context, IActorRef bridge, long maxBodyBytes)
    {
        if (!WireRegistry.Default.TryForPath(path, out var wire))
            return Error(StatusCodes.Status404NotFound, $"no handler for POST {path}");
        if (context.Request.ContentLength > maxBodyBytes)
        {
            // The unread body stays on the connection: close it, or a client reusing it reads garbage as its next reply.
            context.Response.Headers.Connection = "close";
            return Error(StatusCodes.Status413PayloadTooLarge, $"body of {context.Request.ContentLength} bytes exceeds the limit of {maxBodyBytes} bytes");
        }

        object? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(context.Request.Body, wire.Type, WireJson.Options, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Response.Headers.Connection = "close";
            return Error(StatusCodes.Status413PayloadTooLarge, $"body exceeds the limit of {maxBodyBytes} bytes");
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"malformed JSON for {path} ({wire.Type.Name}): {e.Message}");
        }
        if (message is not IPowerJobWire request)
            return Error(StatusCodes.Status400BadRequest, $"empty JSON body for {path} ({wire.Type.Name})");

        object reply;
        try
        {
            reply = await bridge.Ask<object>(new IncomingRequest(wire.Root!, request, wire.ExpectsReply), HandlerTimeout);
        }
        catch (AskTimeoutException)
        {
            return Error(StatusCodes.Status504GatewayTimeout, $"the handler for {path} did not answer within {HandlerTimeout.TotalSeconds} s");
        }
        return reply switch
        {
            NoHandler none => Error(StatusCodes.Status404NotFound, $"this node has no '{none.Root}' handler for POST {path}"),
            Accepted => Results.Ok(),
            IPowerJobWire response => Results.Json<object>(response, WireJson.Options),
            Status.Failure failure => Error(StatusCodes.Status500InternalServerError, failure.Cause.Message),
            _ => Error(StatusCodes.Status500InternalServerError, $"unexpected reply {reply.GetType().Name}"),
        };
    }

    private static IResult Error(int status, string message) =>
        Results.Json(new AskResponse(false, null, message), WireJson.Options, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
