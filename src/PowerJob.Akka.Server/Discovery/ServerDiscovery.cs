using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Auth;
using WorkerKeyParameters = PowerJob.Akka.Auth.WorkerKeyParameters;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Transport;
using PowerJob.Akka.Versioning;

namespace PowerJob.Akka.Server.Discovery;

/// <summary>
/// Worker discovery on the web port, as PowerJob's: <c>/server/assert</c> turns an app name into its id,
/// <c>/server/acquire</c> answers with the worker-facing address, for the worker's protocol, of the server that runs
/// the app's entity (asked through the shard region), or a refusal that says why.
/// </summary>
public sealed class ServerDiscovery(
    ServerOptions options,
    TransportReadiness transports,
    IPowerJobStore store,
    AppRegion apps,
    ILogger<ServerDiscovery> log)
{
    public async Task<ResultDto<long>> AssertAsync(string? appName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(appName))
            return ResultDto<long>.Fail("appName is required");
        var app = await store.FindAppByNameAsync(appName.Trim(), cancellationToken);
        return app is null
            ? ResultDto<long>.Fail($"app '{appName}' is not registered; register it with POST /appInfo/save (appName, password)")
            : ResultDto<long>.Ok(app.Id);
    }

    public async Task<ResultDto<string>> AcquireAsync(long? appId, string? protocolText, string? clientVersion, string? runtime,
        CancellationToken cancellationToken)
    {
        var protocol = options.MainProtocol;
        if (!string.IsNullOrWhiteSpace(protocolText) && !Protocols.TryParse(protocolText, out protocol))
            return Refuse($"unknown protocol '{protocolText}'; allowed values are {Protocols.AllowedValues}; server serves {Protocols.Describe(options.ActiveProtocols)}");
        if (!options.Serves(protocol))
            return Refuse($"server serves {Protocols.Describe(options.ActiveProtocols)}; worker asked for {protocol.Name()}");
        if (runtime == WorkerHeartbeat.PowerJobAkkaRuntime && clientVersion is not null)
        {
            var compatibility = PowerJobVersion.Compare(options.Version, clientVersion);
            var description = PowerJobVersion.Describe(compatibility, options.Version, clientVersion);
            if (compatibility == VersionCompatibility.MajorMismatch) return Refuse(description);
            if (compatibility == VersionCompatibility.MinorMismatch) log.LogWarning("discovery for app {AppId}: {Description}", appId, description);
        }
        if (appId is null || await store.FindAppAsync(appId.Value, cancellationToken) is not { } app)
            return Refuse($"unknown appId '{appId}'; call /server/assert?appName= first");

        await transports.Started.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        AppLocation location;
        try
        {
            location = await apps.AskAsync<AppLocation>(new WhereIsApp(app.Id), cancellationToken, TimeSpan.FromSeconds(5));
        }
        catch (NoOwnerException e)
        {
            return Refuse($"no server runs app '{app.AppName}' right now ({e.Message})");
        }
        var address = protocol == Protocol.Akka ? location.AkkaAddress : location.HttpAddress;
        return address is null
            ? Refuse($"the server running app '{app.AppName}' ({location.WebAddress}) has no {protocol.Name()} transport up yet; retry shortly")
            : ResultDto<string>.Ok(address);
    }

    /// <summary>
    /// The public parameters of the app's password hash (salt, iterations), from which a worker holding the password derives
    /// the key it signs heartbeats with. They are no secret: without the password they derive nothing.
    /// </summary>
    public async Task<ResultDto<WorkerKeyParameters>> WorkerKeyAsync(long? appId, CancellationToken cancellationToken)
    {
        if (appId is null || await store.FindAppAsync(appId.Value, cancellationToken) is not { } app)
            return ResultDto<WorkerKeyParameters>.Fail($"unknown appId '{appId}'; call /server/assert?appName= first");
        return WorkerAuthentication.Parameters(app) is { } parameters
            ? ResultDto<WorkerKeyParameters>.Ok(parameters)
            : ResultDto<WorkerKeyParameters>.Fail($"app '{app.AppName}' has no readable password hash; set its password again with /appInfo/save");
    }

    private ResultDto<string> Refuse(string reason)
    {
        log.LogWarning("discovery refused: {Reason}", reason);
        return ResultDto<string>.Fail(reason);
    }
}
