using System.Net.Http.Json;
using PowerJob.Akka.Auth;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;
using PowerJob.Akka.Versioning;

namespace PowerJob.Akka.Worker.Connection;

/// <summary>Result of asking one server's web port for the app id and the owner's worker-facing address.</summary>
public abstract record DiscoveryResult;

/// <param name="WorkerKey">The key heartbeats are signed with, derived from the app password; null without a password.</param>
public sealed record Discovered(string ServerWebAddress, long AppId, string ServerAddress, string? ServerVersion, byte[]? WorkerKey = null)
    : DiscoveryResult;

public sealed record DiscoveryFailed(string Reason) : DiscoveryResult;

/// <summary>
/// PowerJob's discovery calls on the web port: <c>/server/assert</c>, then <c>/server/acquire</c>; with an app password,
/// <c>/server/workerKey</c> for the parameters the worker key is derived with (the derivation is kept while they do not change).
/// </summary>
public sealed class ServerDiscoveryClient(HttpClient http, WorkerOptions options)
{
    private sealed record Result<T>(bool Success, T? Data, string? Message);
    private (WorkerKeyParameters Parameters, byte[] Key)? _derived;

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
                    var (key, keyError) = await WorkerKeyAsync(web, assert.Data, cancellationToken);
                    if (keyError is null) return new Discovered(web, assert.Data, address, version, key);
                    reasons.Add($"{web}: {keyError}");
                    continue;
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

    private async Task<(byte[]? Key, string? Error)> WorkerKeyAsync(string web, long appId, CancellationToken cancellationToken)
    {
        if (options.AppPassword is not { } password) return (null, null);
        var answer = await http.GetFromJsonAsync<Result<WorkerKeyParameters>>($"http://{web}/server/workerKey?appId={appId}", WireJson.Options,
            cancellationToken);
        if (answer is not { Success: true, Data: { } parameters })
            return (null, $"no worker key parameters from /server/workerKey: {answer?.Message ?? "empty answer"}");
        if (_derived is { } derived && derived.Parameters == parameters) return (derived.Key, null);
        var key = await Task.Run(() => WorkerKey.FromPassword(password, parameters), cancellationToken);
        if (key is null) return (null, $"/server/workerKey answered parameters this worker cannot use: {parameters}");
        _derived = (parameters, key);
        return (key, null);
    }

    public static string? CompareVersions(string? serverVersion, string workerVersion)
    {
        if (serverVersion is null) return null;
        var compatibility = PowerJobVersion.Compare(serverVersion, workerVersion);
        return compatibility == VersionCompatibility.Compatible ? null : PowerJobVersion.Describe(compatibility, serverVersion, workerVersion);
    }
}
