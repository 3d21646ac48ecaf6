using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PowerJob.Akka.Server.Hosting;

namespace PowerJob.Akka.Tests.OpenApi;

/// <summary>
/// Sends what PowerJob's Java client (<c>PowerJobClient</c> over OkHttp) sends: <c>POST /openApi/&lt;call&gt;</c>, a form
/// body (<c>application/x-www-form-urlencoded</c>) with string values, or a JSON body (<c>application/json; charset=utf-8</c>)
/// as Jackson writes the request object (every field, enums by name, nulls included), and reads the reply the way it
/// does: a non-200 status is a failed request, otherwise a <c>ResultDTO</c>. Like PowerJob 5.x's client it signs in with
/// <c>authApp</c> (the password's MD5) and sends the app id and token headers on every other call.
/// </summary>
public sealed class PowerJobWire(HttpClient http, ServerNode server, string appName = "billing", string password = "secret")
{
    private string? _appId, _token;

    public sealed record Answer(HttpStatusCode Status, JsonElement Body)
    {
        public bool Success => Body.GetProperty("success").GetBoolean();
        public JsonElement Data => Body.GetProperty("data");
        public string? Message => Body.GetProperty("message").GetString();
    }

    public Task<Answer> FormAsync(string call, params (string Key, object Value)[] fields) =>
        SendAsync(call, new FormUrlEncodedContent(fields.Select(f =>
            new KeyValuePair<string, string>(f.Key, Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture)!))));

    public Task<Answer> JsonAsync(string call, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        return SendAsync(call, content);
    }

    private async Task<Answer> SendAsync(string call, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{server.WebAddress}/openApi/{call}") { Content = content };
        if (call is not ("authApp" or "assert"))
        {
            if (_token is null) await SignInAsync();
            request.Headers.Add("X-POWERJOB-APP-ID", _appId);
            request.Headers.Add("X-POWERJOB-ACCESS-TOKEN", _token);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task SignInAsync()
    {
        var auth = await JsonAsync("authApp", JsonSerializer.Serialize(new
        {
            appName, encryptedPassword = PowerJob.Akka.Storage.PasswordHasher.Md5Hex(password), encryptType = "MD5",
        }));
        Assert.True(auth.Success, auth.Message);
        _appId = auth.Data.GetProperty("appId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _token = auth.Data.GetProperty("token").GetString();
    }

    /// <summary>The property names of an object, in order, for field-by-field shape checks.</summary>
    public static IReadOnlyList<string> Fields(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}
