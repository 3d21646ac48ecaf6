using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace PowerJob.Akka.Cli;

/// <summary>A server's web port: OpenAPI calls whose <c>{success, data, message}</c> envelope is unwrapped, and plain JSON endpoints.</summary>
public sealed class OpenApiHttpClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement;
    private readonly HttpClient _http;

    public OpenApiHttpClient(string server)
    {
        Server = server;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = BaseAddress(server),
            Timeout = Timeout,
        };
    }

    public string Server { get; }

    /// <summary><c>host:port</c> as <c>http://host:port/</c>; a full URL is taken as it is. Null when it is neither.</summary>
    public static Uri? BaseAddressOrNull(string server)
    {
        var text = server.Contains("://", StringComparison.Ordinal) ? server : $"http://{server}";
        return Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri
            : null;
    }

    private static Uri BaseAddress(string server) =>
        BaseAddressOrNull(server) ?? throw new ArgumentException($"'{server}' is not host:port or an http(s) URL", nameof(server));

    public Task<JsonElement> PostFormAsync(string path, CancellationToken ct, params (string Key, object? Value)[] fields) =>
        SendEnvelopeAsync(path, Request(HttpMethod.Post, path, new FormUrlEncodedContent(fields.Where(f => f.Value is not null)
                .Select(f => KeyValuePair.Create(f.Key, Convert.ToString(f.Value, CultureInfo.InvariantCulture)!)))), ct);

    public Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken ct) =>
        SendEnvelopeAsync(path, Request(HttpMethod.Post, path, JsonContent.Create(body)), ct);

    public Task<JsonElement> GetEnvelopeAsync(string pathAndQuery, CancellationToken ct) =>
        SendEnvelopeAsync(pathAndQuery, Request(HttpMethod.Get, pathAndQuery), ct);

    /// <param name="alsoAccept">An error status whose JSON body still answers the question (503 from /health when DOWN).</param>
    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct, int? alsoAccept = null)
    {
        var (status, body) = await SendAsync(path, Request(HttpMethod.Get, path), ct);
        return ((int)status is >= 200 and < 300 || (int)status == alsoAccept) && body is { } json
            ? json
            : throw new OpenApiException($"{path} replied HTTP {(int)status}{(body is null ? " without a JSON body" : "")}");
    }

    /// <summary>Relative to the base address, so a server behind a path prefix (https://host/powerjob/) keeps it.</summary>
    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null) =>
        new(method, path.TrimStart('/')) { Content = content };

    private async Task<JsonElement> SendEnvelopeAsync(string path, HttpRequestMessage request, CancellationToken ct)
    {
        var (status, body) = await SendAsync(path, request, ct);
        if (body is not { ValueKind: JsonValueKind.Object } envelope
            || !envelope.TryGetProperty("success", out var success)
            || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new OpenApiException($"{path} replied HTTP {(int)status} without PowerJob's {{success, data, message}} envelope");
        if (success.GetBoolean()) return envelope.TryGetProperty("data", out var data) ? data : Null;
        throw new OpenApiException(envelope.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString()!
            : $"{path} failed with HTTP {(int)status} and no message");
    }

    private async Task<(System.Net.HttpStatusCode Status, JsonElement? Body)> SendAsync(string path, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using (request)
            using (var response = await _http.SendAsync(request, ct))
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                return (response.StatusCode, TryParse(text));
            }
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new ServerUnreachableException(Server, e.Message);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ServerUnreachableException(Server, e.InnerException is TimeoutException
                ? $"no reply to {path} within {Timeout.TotalSeconds:0} s"
                : e.Message);
        }
    }

    private static JsonElement? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The server answered but refused or failed the call; the message is the server's.</summary>
public sealed class OpenApiException(string message) : Exception(message);

public sealed class ServerUnreachableException(string server, string reason) : Exception($"cannot reach server {server}: {reason}");
