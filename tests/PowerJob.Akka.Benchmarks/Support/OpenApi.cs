using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>The few OpenAPI calls the benchmark makes, as PowerJob's clients make them: POST, form fields or a JSON body.</summary>
public sealed class OpenApi(HttpClient http, string webAddress)
{
    public const string Password = "bench";
    private (string AppId, string Token)? _auth;

    /// <summary>Registers the app and signs in as PowerJob 5.x's client does; later calls send the token.</summary>
    public async Task<long> RegisterAppAsync(string appName)
    {
        var appId = (await SendAsync("/appInfo/save", Form(("appName", appName), ("password", Password)))).GetInt64();
        await SignInAsync(appName, appId);
        return appId;
    }

    /// <summary>Signs in to an app registered already (through another server of the cluster, say); later calls send the token.</summary>
    public async Task SignInAsync(string appName, long appId)
    {
        var auth = await SendAsync("/openApi/authApp", JsonContent.Create(new
        {
            appName, encryptedPassword = Storage.PasswordHasher.Md5Hex(Password), encryptType = "MD5",
        }));
        _auth = (appId.ToString(CultureInfo.InvariantCulture), auth.GetProperty("token").GetString()!);
    }

    /// <summary>The key workers of the app sign heartbeats with, derived from <see cref="Password"/> as a worker derives it.</summary>
    public async Task<byte[]> WorkerKeyAsync(long appId)
    {
        var parameters = (await SendAsync($"/server/workerKey?appId={appId}", null)).Deserialize<Auth.WorkerKeyParameters>(Serialization.WireJson.Options)!;
        return Auth.WorkerKey.FromPassword(Password, parameters) ?? throw new InvalidOperationException($"unusable worker key parameters {parameters}");
    }

    public async Task<long> SaveJobAsync(object body) => (await SendAsync("/openApi/saveJob", JsonContent.Create(body))).GetInt64();

    public async Task<long> RunJobAsync(long appId, long jobId, CancellationToken cancellationToken = default) =>
        (await SendAsync("/openApi/runJob", Form(("appId", appId), ("jobId", jobId)), cancellationToken)).GetInt64();

    public async Task DisableJobAsync(long appId, long jobId) =>
        await SendAsync("/openApi/disableJob", Form(("appId", appId), ("jobId", jobId)));

    /// <summary>The workers the server lists for the app, and how many of them it counts as alive.</summary>
    public async Task<(int Listed, int Alive)> WorkersAsync(long appId)
    {
        var workers = await SendAsync($"/openApi/fetchWorkers?appId={appId}", null);
        var all = workers.EnumerateArray().ToList();
        return (all.Count, all.Count(w => w.TryGetProperty("alive", out var alive) && alive.GetBoolean()));
    }

    private static FormUrlEncodedContent Form(params (string Key, object Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, Convert.ToString(f.Value, CultureInfo.InvariantCulture)!)));

    private async Task<JsonElement> SendAsync(string path, HttpContent? content, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(content is null ? HttpMethod.Get : HttpMethod.Post, $"http://{webAddress}{path}") { Content = content };
        if (_auth is var (appId, token))
        {
            request.Headers.Add("X-POWERJOB-APP-ID", appId);
            request.Headers.Add("X-POWERJOB-ACCESS-TOKEN", token);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!body.TryGetProperty("success", out var success) || !success.GetBoolean())
            throw new InvalidOperationException($"{path} failed ({(int)response.StatusCode}): {body}");
        return body.GetProperty("data");
    }
}
