using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerJob.Akka.Server.Hosting;

namespace PowerJob.Akka.Tests.Security;

/// <summary>
/// The web port as an attacker (or a PowerJob client) sees it: no automatic sign-in, headers only when given, and every
/// reply with its status, envelope and <c>X-POWERJOB-AUTH-PASSED</c> header.
/// </summary>
public sealed class RawOpenApi(ServerNode server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public sealed record Reply(HttpStatusCode Status, bool Success, JsonElement Data, string? Message, string? AuthPassed, string Raw);

    public (long AppId, string Token)? Auth { get; set; }

    public Task<Reply> FormAsync(string path, params (string Key, object? Value)[] fields) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields.Where(f => f.Value is not null)
            .Select(f => KeyValuePair.Create(f.Key, Convert.ToString(f.Value, CultureInfo.InvariantCulture)!))));

    public Task<Reply> JsonAsync(string path, object body) => SendAsync(HttpMethod.Post, path, JsonContent.Create(body));

    public Task<Reply> RawAsync(string path, string body, string contentType) =>
        SendAsync(HttpMethod.Post, path, new StringContent(body, System.Text.Encoding.UTF8, contentType));

    public async Task<(long AppId, string Token)> SignInAsync(string appName, string password)
    {
        var reply = await JsonAsync("/openApi/authApp",
            new { appName, encryptedPassword = PowerJob.Akka.Storage.PasswordHasher.Md5Hex(password), encryptType = "MD5" });
        Assert.True(reply.Success, reply.Raw);
        return (reply.Data.GetProperty("appId").GetInt64(), reply.Data.GetProperty("token").GetString()!);
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, $"http://{server.WebAddress}{path}") { Content = content };
        if (Auth is var (appId, token))
        {
            request.Headers.TryAddWithoutValidation("X-POWERJOB-APP-ID", appId.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("X-POWERJOB-ACCESS-TOKEN", token);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var passed = response.Headers.TryGetValues("X-POWERJOB-AUTH-PASSED", out var values) ? values.First() : null;
        JsonElement body = default;
        try { body = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { }
        var isEnvelope = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("success", out _);
        return new Reply(response.StatusCode, isEnvelope && body.GetProperty("success").GetBoolean(),
            isEnvelope && body.TryGetProperty("data", out var data) ? data : default,
            isEnvelope && body.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
            passed, text);
    }

    public void Dispose() => _http.Dispose();
}
