using System.Net.Http.Json;
using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Transport;

/// <summary>
/// The HTTP bridge: outgoing messages become <c>POST /{root}/{method}</c> with a JSON body (replies read from the
/// response); incoming POSTs arrive as <see cref="IncomingRequest"/> and go to the local handler for their root.
/// </summary>
public sealed class HttpBridgeActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HttpClient _client;
    private readonly IReadOnlyDictionary<string, IActorRef> _handlers;

    public HttpBridgeActor(HttpClient client, IReadOnlyDictionary<string, IActorRef> handlers)
    {
        _client = client;
        _handlers = new Dictionary<string, IActorRef>(handlers, StringComparer.OrdinalIgnoreCase);
        Receive<IncomingRequest>(HandleIncoming);
        Receive<SendToRemote>(send => _ = PostAsync(send.Target, send.Message, TimeSpan.FromSeconds(5), readReply: false));
        Receive<AskRemote>(ask => PostAsync(ask.Target, ask.Message, ask.Timeout, readReply: true).PipeTo(Sender));
    }

    public static Props Props(HttpClient client, IReadOnlyDictionary<string, IActorRef> handlers) =>
        global::Akka.Actor.Props.Create(() => new HttpBridgeActor(client, handlers));

    private void HandleIncoming(IncomingRequest request)
    {
        if (!_handlers.TryGetValue(request.Root, out var handler))
        {
            Sender.Tell(new NoHandler(request.Root));
            return;
        }
        if (request.ExpectsReply)
        {
            handler.Forward(request.Message);
        }
        else
        {
            handler.Tell(request.Message, ActorRefs.NoSender);
            Sender.Tell(Accepted.Instance);
        }
    }

    private async Task<object> PostAsync(RemoteTarget target, IPowerJobWire message, TimeSpan timeout, bool readReply)
    {
        var wire = WireRegistry.Default.ForType(message.GetType());
        var uri = target.HttpUri(wire.Path!);
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            using var content = JsonContent.Create(message, message.GetType(), options: WireJson.Options);
            using var response = await _client.PostAsync(uri, content, cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cts.Token);
                throw new RemoteCallException($"{uri} answered {(int)response.StatusCode}: {body}");
            }
            if (!readReply || wire.ReplyType is null) return Accepted.Instance;
            return await response.Content.ReadFromJsonAsync(wire.ReplyType, WireJson.Options, cts.Token)
                   ?? throw new RemoteCallException($"{uri} answered with an empty body");
        }
        catch (Exception e) when (e is not RemoteCallException)
        {
            var reason = e is OperationCanceledException ? $"no reply within {timeout.TotalSeconds:0.#} s" : e.Message;
            _log.Warning("HTTP {0} to {1} failed: {2}", wire.Path, uri, reason);
            return new Status.Failure(new RemoteCallException($"HTTP call to {uri} failed: {reason}", e));
        }
        catch (RemoteCallException e)
        {
            _log.Warning("HTTP {0} failed: {1}", wire.Path, e.Message);
            return new Status.Failure(e);
        }
    }
}
