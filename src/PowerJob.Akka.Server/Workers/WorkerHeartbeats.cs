using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Versioning;

namespace PowerJob.Akka.Server.Workers;

/// <summary>Checks a worker's heartbeat (protocol, version) and turns it into what the app's entity keeps of the worker.</summary>
public static class WorkerHeartbeats
{
    /// <summary>The worker as registered, or the reason the heartbeat is refused.</summary>
    public static (WorkerInfo? Worker, string? Refusal) Read(WorkerHeartbeat heartbeat, string serverVersion)
    {
        var protocolText = string.IsNullOrWhiteSpace(heartbeat.Protocol) ? "AKKA" : heartbeat.Protocol;
        if (!Protocols.TryParse(protocolText, out var protocol))
            return (null, $"unknown protocol '{heartbeat.Protocol}' in heartbeat; allowed values are {Protocols.AllowedValues}");
        var isPowerJobAkka = heartbeat.Runtime == WorkerHeartbeat.PowerJobAkkaRuntime;
        string? warning = null;
        if (isPowerJobAkka)
        {
            var version = heartbeat.Version ?? "";
            var compatibility = PowerJobVersion.Compare(serverVersion, version);
            var description = PowerJobVersion.Describe(compatibility, serverVersion, version);
            if (compatibility == VersionCompatibility.MajorMismatch) return (null, description);
            if (compatibility == VersionCompatibility.MinorMismatch) warning = description;
        }
        return (new WorkerInfo
        {
            Address = heartbeat.WorkerAddress,
            AppId = heartbeat.AppId,
            AppName = heartbeat.AppName,
            Protocol = protocol,
            Version = heartbeat.Version,
            IsPowerJobAkka = isPowerJobAkka,
            VersionWarning = warning,
            Tag = heartbeat.Tag,
            IsOverload = heartbeat.IsOverload,
            Metrics = heartbeat.SystemMetrics,
            Processors = heartbeat.Processors,
        }, null);
    }
}
