using Microsoft.Extensions.Configuration;

namespace PowerJob.Akka.Configuration;

/// <summary>A worker node's validated settings, PowerJob's <c>powerjob.worker.*</c> keys (docs/configuration.md).</summary>
public sealed record WorkerOptions
{
    public const string AppNameKey = "powerjob.worker.app-name";
    public const string AppPasswordKey = "powerjob.worker.app-password";
    public const string ServerAddressKey = "powerjob.worker.server-address";
    public const string ProtocolKey = "powerjob.worker.protocol";
    public const string PortKey = "powerjob.worker.port";
    public const string HostnameKey = "powerjob.worker.hostname";
    public const string BindHostnameKey = "powerjob.worker.bind-hostname";
    public const string HealthReportIntervalKey = "powerjob.worker.health-report-interval";
    public const string MaxResultLengthKey = "powerjob.worker.max-result-length";
    public const string MaxConcurrencyKey = "powerjob.worker.max-concurrency";
    public const string TagKey = "powerjob.worker.tag";
    public const string ProcessorTrackerTimeoutKey = "powerjob.worker.processor-tracker-timeout";
    public const string ReportRetentionKey = "powerjob.worker.report-retention";

    public string AppName { get; init; } = "";
    /// <summary>
    /// The app's password. The worker never sends it: it derives the app's worker key from it and signs its heartbeats;
    /// without it the servers refuse the worker.
    /// </summary>
    public string? AppPassword { get; init; }
    /// <summary>Server web addresses, <c>host:webPort</c>.</summary>
    public IReadOnlyList<string> ServerAddresses { get; init; } = [];
    /// <summary>Protocol this worker speaks. Default AKKA, like PowerJob.</summary>
    public Protocol Protocol { get; init; } = Protocol.Akka;
    public int Port { get; init; } = 27777;
    /// <summary>Address servers and other workers reach this worker at. Default 127.0.0.1.</summary>
    public string Hostname { get; init; } = "127.0.0.1";
    /// <summary>Address the worker port binds to. Default 0.0.0.0.</summary>
    public string BindHostname { get; init; } = "0.0.0.0";
    /// <summary>Heartbeat period. Default 10 s.</summary>
    public TimeSpan HealthReportInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Results longer than this are cut. Default 8192 characters.</summary>
    public int MaxResultLength { get; init; } = 8192;
    /// <summary>Tasks run at once on this worker. Default the number of cores.</summary>
    public int MaxConcurrency { get; init; } = Environment.ProcessorCount;
    public string? Tag { get; init; }
    /// <summary>
    /// A task tracker takes a worker whose processor tracker has been silent this long as lost and hands its unfinished
    /// tasks to other workers; processor trackers report a third of this apart, at most every second. Default 5 s.
    /// </summary>
    public TimeSpan ProcessorTrackerTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// How long a finished instance's final report is kept and retried (backoff up to 5 s) until a server acknowledges
    /// it, so a result outlives a server restart or a store outage this long. Default 10 minutes.
    /// </summary>
    public TimeSpan ReportRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The version this node announces; only tests set it to anything but the build's.</summary>
    public string Version { get; init; } = Versioning.PowerJobVersion.Current;

    /// <summary>Things in the configuration worth a warning at start (unknown keys), logged by the node.</summary>
    public IReadOnlyList<string> ConfigurationWarnings { get; init; } = [];

    public static WorkerOptions Read(IConfiguration configuration)
    {
        var r = new SettingsReader(configuration);
        var d = new WorkerOptions();
        var options = new WorkerOptions
        {
            AppName = r.RequiredString(AppNameKey, AppNameAllowed),
            AppPassword = string.IsNullOrEmpty(r.Raw(AppPasswordKey)) ? null : r.Raw(AppPasswordKey),
            ServerAddresses = r.List(ServerAddressKey, []),
            Protocol = r.Protocol(ProtocolKey, d.Protocol),
            Port = r.Port(PortKey, d.Port),
            Hostname = r.String(HostnameKey, d.Hostname).Trim(),
            BindHostname = r.String(BindHostnameKey, d.BindHostname).Trim(),
            HealthReportInterval = r.Duration(HealthReportIntervalKey, d.HealthReportInterval),
            MaxResultLength = r.Int(MaxResultLengthKey, d.MaxResultLength, 16, 10 * 1024 * 1024),
            MaxConcurrency = r.Int(MaxConcurrencyKey, d.MaxConcurrency, 1, 4096),
            Tag = r.Raw(TagKey),
            ProcessorTrackerTimeout = r.Duration(ProcessorTrackerTimeoutKey, d.ProcessorTrackerTimeout),
            ReportRetention = r.Duration(ReportRetentionKey, d.ReportRetention),
            ConfigurationWarnings = KnownKeys.UnknownKeyWarnings(configuration),
        };
        CheckServerAddresses(r, options.ServerAddresses, r.Raw(ServerAddressKey));
        options.Check(r);
        r.ThrowIfInvalid();
        return options;
    }

    /// <summary>Validates options built in code (the SDK) with the same rules and messages as the configuration keys.</summary>
    public WorkerOptions Validate()
    {
        var r = new SettingsReader(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        if (string.IsNullOrWhiteSpace(AppName)) r.Fail(AppNameKey, AppName, AppNameAllowed);
        CheckServerAddresses(r, ServerAddresses, "");
        if (Port is < 0 or > 65535) r.Fail(PortKey, Port.ToString(), "expected a whole number from 0 to 65535");
        if (HealthReportInterval <= TimeSpan.Zero) r.Fail(HealthReportIntervalKey, HealthReportInterval.ToString(), "expected a positive duration");
        if (ProcessorTrackerTimeout <= TimeSpan.Zero)
            r.Fail(ProcessorTrackerTimeoutKey, ProcessorTrackerTimeout.ToString(), "expected a positive duration");
        if (ReportRetention <= TimeSpan.Zero) r.Fail(ReportRetentionKey, ReportRetention.ToString(), "expected a positive duration");
        if (MaxConcurrency < 1) r.Fail(MaxConcurrencyKey, MaxConcurrency.ToString(), "expected a whole number from 1 to 4096");
        Check(r);
        r.ThrowIfInvalid();
        return this;
    }

    private void Check(SettingsReader r)
    {
        if (Hostname.Length == 0) r.Fail(HostnameKey, "", "expected the host name or IP servers reach this worker at");
        if (Hostname is "0.0.0.0" or "::")
            r.Fail(HostnameKey, Hostname, "expected an address servers can reach; 0.0.0.0 is only a bind address (set bind-hostname)");
    }

    private const string AppNameAllowed = "expected the name of an app registered on the server";

    private static void CheckServerAddresses(SettingsReader r, IReadOnlyList<string> addresses, string? given)
    {
        if (addresses.Count == 0)
            r.Fail(ServerAddressKey, given, "expected a comma list of server web addresses host:port, e.g. 127.0.0.1:7700");
        foreach (var address in addresses.Where(a => !SettingsReader.TryParseEndpoint(a, out _, out _)))
            r.Fail(ServerAddressKey, address, "expected host:port with a port from 1 to 65535, e.g. 127.0.0.1:7700");
    }
}
