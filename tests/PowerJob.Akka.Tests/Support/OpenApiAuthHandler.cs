using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Support;

/// <summary>
/// Signs test calls in the way PowerJob 5.x's client does: for an <c>/openApi</c> call about a registered app it gets a
/// token from <c>/openApi/authApp</c> (appName, MD5 of the password, encryptType MD5) once per server and sends the two
/// headers. Specs that attack the server use a client without this handler.
/// </summary>
public sealed class OpenApiAuthHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentDictionary<long, (string Name, string Password)> _apps = new();
    private readonly ConcurrentDictionary<(string Authority, long AppId), string> _tokens = new();

    public void Remember(long appId, string appName, string password)
    {
        _apps[appId] = (appName, password);
        foreach (var key in _tokens.Keys.Where(k => k.AppId == appId)) _tokens.TryRemove(key, out _);
    }

    /// <summary>The password an app of this name was registered with here, if any.</summary>
    public string? PasswordOf(string appName) => _apps.Values.Where(a => a.Name == appName).Select(a => a.Password).LastOrDefault();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.StartsWith("/openApi/", StringComparison.Ordinal) && path is not ("/openApi/authApp" or "/openApi/assert")
            && !request.Headers.Contains("X-POWERJOB-ACCESS-TOKEN")
            && await AppIdOfAsync(request) is { } appId && _apps.TryGetValue(appId, out var app))
        {
            var key = (request.RequestUri.Authority, appId);
            if (!_tokens.TryGetValue(key, out var token))
                _tokens[key] = token = await SignInAsync(request.RequestUri, app.Name, app.Password, cancellationToken);
            request.Headers.Add("X-POWERJOB-APP-ID", appId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-POWERJOB-ACCESS-TOKEN", token);
        }
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> SignInAsync(Uri server, string appName, string password, CancellationToken ct)
    {
        using var auth = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/openApi/authApp"))
        {
            Content = JsonContent.Create(new { appName, encryptedPassword = PasswordHasher.Md5Hex(password), encryptType = "MD5" }),
        };
        using var response = await base.SendAsync(auth, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(body.GetProperty("success").GetBoolean(), $"authApp for '{appName}' failed: {body}");
        return body.GetProperty("data").GetProperty("token").GetString()!;
    }

    private static async Task<long?> AppIdOfAsync(HttpRequestMessage request)
    {
        var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
        string? raw = query["appId"] ?? query["appIdEq"];
        if (request.Content is { } content)
        {
            var text = await content.ReadAsStringAsync();
            if (content.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded")
            {
                var form = HttpUtility.ParseQueryString(text);
                raw = form["appId"] ?? form["appIdEq"] ?? raw;
            }
            else if (text.StartsWith('{') || text.StartsWith('['))
            {
                using var json = JsonDocument.Parse(text);
                // An array body (saveWorkflowNode) names its app in each element.
                var root = json.RootElement.ValueKind == JsonValueKind.Array && json.RootElement.GetArrayLength() > 0 ? json.RootElement[0] : json.RootElement;
                if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("appId", out var id) || root.TryGetProperty("appIdEq", out id)))
                    raw = id.ToString();
            }
        }
        return long.TryParse(raw, out var appId) ? appId : null;
    }
}
