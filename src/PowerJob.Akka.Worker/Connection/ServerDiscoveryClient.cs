using System.Net.Http.Json;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Versioning;

namespace PowerJob.Akka.Worker.Connection;

/// <summary>Result of asking one server's web port for the app id and the owner's worker-facing address.</summary>
public abstract record DiscoveryResult;

public sealed record Discovered(string ServerWebAddress, long AppId, string ServerAddress, string? ServerVersion) : DiscoveryResult;

public sealed record DiscoveryFailed(string Reason) : DiscoveryResult;

/// <summary>PowerJob's discovery calls on the web port: <c>/server/assert</c>, then <c>/server/acquire</c>.</summary>
public sealed class ServerDiscoveryClient(HttpClient http, WorkerOptions options)
{
    private sealed record Result<T>(bool Success, T? Data, string? Message);

    public async Task<DiscoveryResult> DiscoverAsync(IEnumerable<string> serverWebAddresses, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        foreach (var web in serverWebAddresses)
        {
            try
            {
                var assert = await http.GetFromJsonAsync<Result<long>>(
                    $"http://{web}/server/assert?appName={Uri.EscapeDataString(options.AppName)}", WireJson.Options, cancellationToken);
                if (assert is not { Success: true })
                {
                    reasons.Add($"{web}: {assert?.Message ?? "empty answer to /server/assert"}");
                    continue;
                }
                var query = $"appId={assert.Data}&protocol={options.Protocol.Name()}&clientVersion={Uri.EscapeDataString(options.Version)}" +
                            $"&runtime={Uri.EscapeDataString(WorkerHeartbeat.PowerJobAkkaRuntime)}";
                using var response = await http.GetAsync($"http://{web}/server/acquire?{query}", cancellationToken);
                var acquire = await response.Content.ReadFromJsonAsync<Result<string>>(WireJson.Options, cancellationToken);
                if (acquire is { Success: true, Data: { } address })
                {
                    var version = response.Headers.TryGetValues("X-PowerJob-Akka-Version", out var values) ? values.FirstOrDefault() : null;
                    return new Discovered(web, assert.Data, address, version);
                }
                reasons.Add($"{web}: {acquire?.Message ?? "empty answer to /server/acquire"}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                reasons.Add($"{web}: {(e is TaskCanceledException ? "timed out" : e.Message)}");
            }
        }
        return new DiscoveryFailed(string.Join("; ", reasons));
    }

    public static string? CompareVersions(string? serverVersion, string workerVersion)
    {
        if (serverVersion is null) return null;
        var compatibility = PowerJobVersion.Compare(serverVersion, workerVersion);
        return compatibility == VersionCompatibility.Compatible ? null : PowerJobVersion.Describe(compatibility, serverVersion, workerVersion);
    }
}
