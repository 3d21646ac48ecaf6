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

    /// <summary>
    /// The app password from <c>--app-password</c> or <c>PJ_APP_PASSWORD</c>. With it, OpenAPI calls sign in as PowerJob 5.x
    /// clients do (<c>authApp</c> with the password's MD5) and send the token; it and the token live only in this process.
    /// </summary>
    public string? AppPassword { get; init; }

    private readonly Dictionary<string, string> _tokens = [];

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
        SendEnvelopeAsync(path, () => Request(HttpMethod.Post, path, new FormUrlEncodedContent(fields.Where(f => f.Value is not null)
                .Select(f => KeyValuePair.Create(f.Key, Convert.ToString(f.Value, CultureInfo.InvariantCulture)!)))),
            Convert.ToString(fields.FirstOrDefault(f => f.Key == "appId").Value, CultureInfo.InvariantCulture), ct);

    public Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken ct) =>
        SendEnvelopeAsync(path, () => Request(HttpMethod.Post, path, JsonContent.Create(body)),
            JsonSerializer.SerializeToElement(body).TryGetProperty("appId", out var appId) ? appId.ToString() : null, ct);

    public Task<JsonElement> GetEnvelopeAsync(string pathAndQuery, CancellationToken ct) =>
        SendEnvelopeAsync(pathAndQuery, () => Request(HttpMethod.Get, pathAndQuery),
            System.Web.HttpUtility.ParseQueryString(pathAndQuery.Contains('?') ? pathAndQuery[pathAndQuery.IndexOf('?')..] : "")["appId"], ct);

    /// <param name="alsoAccept">An error status whose JSON body still answers the question (503 from /health when DOWN).</param>
    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct, int? alsoAccept = null)
    {
        var (status, body, _) = await SendAsync(path, Request(HttpMethod.Get, path), ct);
        return ((int)status is >= 200 and < 300 || (int)status == alsoAccept) && body is { } json
            ? json
            : throw new OpenApiException($"{path} replied HTTP {(int)status}{(body is null ? " without a JSON body" : "")}");
    }

    /// <summary>Relative to the base address, so a server behind a path prefix (https://host/powerjob/) keeps it.</summary>
    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null) =>
        new(method, path.TrimStart('/')) { Content = content };

    private async Task<JsonElement> SendEnvelopeAsync(string path, Func<HttpRequestMessage> request, string? appId, CancellationToken ct)
    {
        var signed = AppPassword is not null && appId is not null && path.StartsWith("/openApi/", StringComparison.Ordinal);
        var (status, body, passed) = await SendSignedAsync(path, request(), signed ? appId : null, ct);
        if (signed && passed == false)
        {
            // An expired or revoked token: sign in again once, as PowerJob's own client does.
            _tokens.Remove(appId!);
            (status, body, passed) = await SendSignedAsync(path, request(), appId, ct);
        }
        if (passed == false && AppPassword is null)
            throw new OpenApiException($"{Message(body) ?? "authentication failed"} (pjctl: pass the app's password with --app-password or {Pjctl.AppPasswordVariable})");
        return Unwrap(path, status, body);
    }

    private async Task<(System.Net.HttpStatusCode, JsonElement?, bool?)> SendSignedAsync(string path, HttpRequestMessage request, string? appId,
        CancellationToken ct)
    {
        if (appId is not null)
        {
            if (!_tokens.TryGetValue(appId, out var token))
                _tokens[appId] = token = await SignInAsync(appId, ct);
            request.Headers.Add("X-POWERJOB-APP-ID", appId);
            request.Headers.Add("X-POWERJOB-ACCESS-TOKEN", token);
        }
        return await SendAsync(path, request, ct);
    }

    private async Task<string> SignInAsync(string appId, CancellationToken ct)
    {
        const string path = "/openApi/authApp";
        var body = new { appId, encryptedPassword = Md5Hex(AppPassword!), encryptType = "MD5" };
        var (status, reply, _) = await SendAsync(path, Request(HttpMethod.Post, path, JsonContent.Create(body)), ct);
        var data = Unwrap(path, status, reply);
        return data.TryGetProperty("token", out var token) && token.GetString() is { } text
            ? text
            : throw new OpenApiException($"{path} replied without a token");
    }

    private static string Md5Hex(string password) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(password)));

    private static string? Message(JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

    private static JsonElement Unwrap(string path, System.Net.HttpStatusCode status, JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } envelope
            || !envelope.TryGetProperty("success", out var success)
            || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new OpenApiException($"{path} replied HTTP {(int)status} without PowerJob's {{success, data, message}} envelope");
        if (success.GetBoolean()) return envelope.TryGetProperty("data", out var data) ? data : Null;
        throw new OpenApiException(envelope.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString()!
            : $"{path} failed with HTTP {(int)status} and no message");
    }

    private async Task<(System.Net.HttpStatusCode Status, JsonElement? Body, bool? AuthPassed)> SendAsync(string path, HttpRequestMessage request,
        CancellationToken ct)
    {
        try
        {
            using (request)
            using (var response = await _http.SendAsync(request, ct))
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                bool? passed = response.Headers.TryGetValues("X-POWERJOB-AUTH-PASSED", out var values)
                    ? string.Equals(values.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase)
                    : null;
                return (response.StatusCode, TryParse(text), passed);
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
