using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PowerJob.Akka.Auth;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Auth;

/// <summary>
/// Checks an app's workers with keys derived from its stored password hash, so any server that reads the store checks
/// them: a heartbeat's proof (<see cref="WorkerKey"/>) and an attempt's dispatch token, an HMAC of the instance and attempt
/// that the dispatched worker echoes in its reports.
/// </summary>
public sealed class WorkerAuthentication
{
    private static readonly byte[] TokenLabel = Encoding.UTF8.GetBytes("powerjob-akka dispatch token key");
    private readonly AppRecord _app;
    private readonly bool _allowUnauthenticated;
    private readonly byte[]? _workerKey;
    private readonly byte[] _tokenKey;

    public WorkerAuthentication(AppRecord app, bool allowUnauthenticated)
    {
        _app = app;
        _allowUnauthenticated = allowUnauthenticated;
        var parsed = PasswordHasher.TryParse(app.PasswordHash, out _, out _, out _, out var hash);
        _workerKey = parsed ? WorkerKey.FromStoredHash(hash) : null;
        _tokenKey = HMACSHA256.HashData(TokenLabel, Encoding.UTF8.GetBytes(app.PasswordHash));
    }

    /// <summary>The stored hash's public parameters a worker derives its key with; null when the hash is unreadable.</summary>
    public static WorkerKeyParameters? Parameters(AppRecord app) =>
        PasswordHasher.TryParse(app.PasswordHash, out var scheme, out var iterations, out var salt, out var hash)
            ? new WorkerKeyParameters(scheme, iterations, Convert.ToBase64String(salt), hash.Length)
            : null;

    /// <summary>Null when the heartbeat may register its worker, otherwise why not (for the worker's log and <c>fetchWorkers</c>).</summary>
    public string? Refusal(WorkerHeartbeat heartbeat, DateTimeOffset now)
    {
        if (heartbeat.Runtime != WorkerHeartbeat.PowerJobAkkaRuntime && heartbeat.Proof is null)
            return _allowUnauthenticated
                ? null
                : $"the heartbeat carries no proof of app '{_app.AppName}''s password (a worker of another PowerJob SDK?); servers accept " +
                  $"such workers, for STANDALONE jobs only, when '{SecurityOptions.AllowUnauthenticatedWorkersKey} = true'";
        if (heartbeat.Proof is null)
            return $"the worker has no password for app '{_app.AppName}': set '{WorkerOptions.AppPasswordKey}' " +
                   "(or PJ_POWERJOB__WORKER__APP_PASSWORD) to the app's password";
        var skew = TimeSpan.FromMilliseconds(Math.Abs((double)heartbeat.HeartbeatTime - now.ToUnixTimeMilliseconds()));
        if (skew > WorkerKey.MaxClockSkew)
            return string.Create(CultureInfo.InvariantCulture,
                $"heartbeatTime {heartbeat.HeartbeatTime} is {skew.TotalSeconds:0} s away from the server's clock (at most {WorkerKey.MaxClockSkew.TotalMinutes:0} min allowed); check the worker's clock");
        if (_workerKey is null || !WorkerKey.Verify(_workerKey, _app.Id, _app.AppName, heartbeat))
            return $"wrong password for app '{_app.AppName}': the heartbeat's proof does not match '{WorkerOptions.AppPasswordKey}' " +
                   "against the app's password (changed recently? the worker reads the key again when it rediscovers)";
        return null;
    }

    public string DispatchToken(long instanceId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{_app.Id}.") + Convert.ToBase64String(HMACSHA256.HashData(_tokenKey,
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_app.Id}|{instanceId}|{attempt}"))));

    /// <summary>
    /// The app a dispatch token names (its prefix, not checked): where a report is routed without reading its instance; the
    /// app's entity then checks the whole token.
    /// </summary>
    public static long? AppOfToken(string? token)
    {
        var dot = token?.IndexOf('.') ?? -1;
        return dot > 0 && long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var appId) ? appId : null;
    }

    /// <summary>True when <paramref name="token"/> is the dispatch token of that attempt.</summary>
    public bool HoldsAttempt(string? token, long instanceId, int attempt) =>
        token is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(DispatchToken(instanceId, attempt)), Encoding.ASCII.GetBytes(token));

    public bool AllowsUnauthenticated => _allowUnauthenticated;
}
