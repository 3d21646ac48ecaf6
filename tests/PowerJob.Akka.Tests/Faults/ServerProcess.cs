using System.Net.Http.Json;
using System.Text.Json;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>
/// A server node as a child process (<c>PowerJob.Akka.Server.dll</c>). The first start binds every port to 0 and learns
/// the bound ports from <c>GET /system/ports</c>; <see cref="RestartAsync"/> starts a new process on the same ports and
/// the same store, so workers find it where they left it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string[] _settings;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Dictionary<string, int> _ports = [];
    private int _starts;

    private ServerProcess(string[] settings) => _settings = settings;

    public NodeProcess Node { get; private set; } = null!;
    public int WebPort => _ports["web"];
    public string WebAddress => $"127.0.0.1:{WebPort}";
    public string BaseUrl => $"http://{WebAddress}";

    /// <param name="storageProvider">sqlite or postgres.</param>
    /// <param name="settings">More <c>--key=value</c> settings (timeouts tuned for the test).</param>
    public static async Task<ServerProcess> StartAsync(string storageProvider, string connectionString, params string[] settings)
    {
        var server = new ServerProcess([
            "--config", RepoFiles.Hocon("server.conf"), "--oms.bind-hostname=127.0.0.1", "--oms.hostname=127.0.0.1",
            $"--oms.storage.provider={storageProvider}", $"--oms.storage.connection-string={connectionString}", .. settings,
        ]);
        await server.LaunchAsync(web: 0, akka: 0, http: 0, cluster: 0);
        return server;
    }

    /// <summary>SIGKILL: no graceful stop, nothing flushed that was not already stored.</summary>
    public Task KillAsync() => Node.KillAsync();

    /// <summary>A new process on the same ports and store (the old one must be gone).</summary>
    public async Task RestartAsync()
    {
        if (!Node.HasExited) throw new InvalidOperationException("kill the server before restarting it");
        await Node.DisposeAsync();
        await LaunchAsync(_ports["web"], _ports["akka"], _ports["http"], _ports["cluster"]);
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var response = await _http.GetAsync($"{BaseUrl}/health");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        _http.Dispose();
    }

    private async Task LaunchAsync(int web, int akka, int http, int cluster)
    {
        _starts++;
        Node = NodeProcess.Start($"server (start {_starts})", "PowerJob.Akka.Server.dll", [
            .. _settings, $"--server.port={web}", $"--oms.akka.port={akka}", $"--oms.http.port={http}", $"--oms.cluster.port={cluster}",
        ]);
        var line = await Node.WaitForLineAsync(@"port plan: web \(.*bind [^ ]+:(\d+),", StartTimeout);
        var webPort = int.Parse(line.Groups[1].Value);
        var plan = await GetPortsAsync(webPort);
        _ports = new Dictionary<string, int>
        {
            ["web"] = webPort,
            ["akka"] = plan.GetValueOrDefault("worker transport (AKKA)"),
            ["http"] = plan.GetValueOrDefault("worker transport (HTTP)"),
            ["cluster"] = plan["cluster (server <-> server)"],
        };
    }

    private async Task<Dictionary<string, int>> GetPortsAsync(int webPort)
    {
        // The worker transports bind just after the web port; /health says UP once they have.
        for (var i = 0; ; i++)
        {
            using (var response = await _http.GetAsync($"http://127.0.0.1:{webPort}/health"))
            {
                var health = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (health.GetProperty("status").GetString() != "STARTING") break;
            }
            if (i > 600) throw new Xunit.Sdk.XunitException($"server transports did not start\n{Node.Output()}");
            await Task.Delay(100);
        }
        var endpoints = await _http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{webPort}/system/ports");
        return endpoints.EnumerateArray().ToDictionary(e => e.GetProperty("purpose").GetString()!, e => e.GetProperty("port").GetInt32());
    }
}
