using Microsoft.Extensions.Configuration;

namespace PowerJob.Akka.Configuration;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>A server node's validated settings (docs/configuration.md). Built by <see cref="Read"/>.</summary>
public sealed record ServerOptions
{
    public const string ActiveProtocolsKey = "oms.transporter.active.protocols";
    public const string MainProtocolKey = "oms.transporter.main.protocol";
    public const string AkkaPortKey = "oms.akka.port";
    public const string HttpPortKey = "oms.http.port";
    public const string WebPortKey = "server.port";
    public const string ClusterPortKey = "oms.cluster.port";
    public const string SeedNodesKey = "oms.cluster.seed-nodes";
    public const string HostnameKey = "oms.hostname";
    public const string BindHostnameKey = "oms.bind-hostname";
    public const string StorageProviderKey = "oms.storage.provider";
    public const string ConnectionStringKey = "oms.storage.connection-string";
    public const string MaxRequestBodyKey = "oms.http.max-request-bytes";
    public const string WorkerTimeoutKey = "oms.worker.timeout";
    public const string ReceiveTimeoutKey = "oms.instance.receive-timeout";
    public const string ReportTimeoutKey = "oms.instance.report-timeout";
    public const string RetryDelayKey = "oms.instance.retry-delay";
    public const string WorkerGraceKey = "oms.instance.worker-grace";
    public const string StableAfterKey = "oms.cluster.stable-after";
    public const string RetentionKey = "oms.instance.retention";
    public const string LogRetentionKey = "oms.instance.log-retention";
    public const string CleanupIntervalKey = "oms.instance.cleanup-interval";
    public const string CleanupBatchKey = "oms.instance.cleanup-batch";
    public const string MaxActiveInstancesKey = "oms.instance.max-active-per-app";
    public const string MaxWorkersKey = "oms.worker.max-per-app";
    public const string MaxPendingLogLinesKey = "oms.log.max-pending-lines";

    /// <summary>Protocols served to workers. Default AKKA, HTTP.</summary>
    public IReadOnlyList<Protocol> ActiveProtocols { get; init; } = [Protocol.Akka, Protocol.Http];
    /// <summary>Protocol assumed for a worker that names none. Default HTTP.</summary>
    public Protocol MainProtocol { get; init; } = Protocol.Http;
    public int AkkaPort { get; init; } = 10086;
    public int HttpPort { get; init; } = 10010;
    public int WebPort { get; init; } = 7700;
    public int ClusterPort { get; init; } = 10087;
    /// <summary>Cluster seed nodes as <c>host:clusterPort</c>. Default none: the node seeds itself.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    /// <summary>Address other nodes use to reach this one. Default 127.0.0.1.</summary>
    public string Hostname { get; init; } = "127.0.0.1";
    /// <summary>Address the sockets bind to. Default 0.0.0.0.</summary>
    public string BindHostname { get; init; } = "0.0.0.0";
    public StorageProvider StorageProvider { get; init; } = StorageProvider.Sqlite;
    public string ConnectionString { get; init; } = "Data Source=powerjob.db";
    /// <summary>Largest HTTP bridge request body accepted. Default 1 MiB.</summary>
    public int MaxRequestBodyBytes { get; init; } = 1024 * 1024;
    /// <summary>A worker silent this long is no longer dispatched to. Default 60 s.</summary>
    public TimeSpan WorkerTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The version this node announces; only tests set it to anything but the build's.</summary>
    public string Version { get; init; } = Versioning.PowerJobVersion.Current;

    /// <summary>An instance sent to a worker that has not reported RUNNING within this is dispatched again. Default 30 s.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A running instance whose worker has not reported within this is treated as lost. Default 60 s.</summary>
    public TimeSpan ReportTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Wait before a failed or lost instance is retried. Default 5 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// After this server starts or takes apps over, an instance of an app no worker has reached it for yet waits this
    /// long for heartbeats instead of failing with "no worker available". Default 15 s.
    /// </summary>
    public TimeSpan WorkerGracePeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Things in the configuration worth a warning at start (unknown keys), logged by the node.</summary>
    public IReadOnlyList<string> ConfigurationWarnings { get; init; } = [];
    /// <summary>Authentication switches and input limits.</summary>
    public SecurityOptions Security { get; init; } = new();

    /// <summary>
    /// How long the split-brain resolver waits for the set of unreachable servers to stay the same before it downs the
    /// minority (keep-majority). A dead server's apps move once it is downed and removed. Default 10 s.
    /// </summary>
    public TimeSpan ClusterStableAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Finished instances, their transitions and log lines are deleted this long after they finished. Default 7 days.</summary>
    public TimeSpan InstanceRetention { get; init; } = TimeSpan.FromDays(7);
    /// <summary>Log lines of finished instances are deleted this long after the instance finished. Default 3 days.</summary>
    public TimeSpan LogRetention { get; init; } = TimeSpan.FromDays(3);
    /// <summary>How often each app's entity runs the retention cleanup (also once shortly after it starts). Default 1 h.</summary>
    public TimeSpan CleanupInterval { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Rows per cleanup statement: small enough that a batch never holds the store for long. Default 500.</summary>
    public int CleanupBatchSize { get; init; } = 500;

    /// <summary>
    /// Active instances (waiting, dispatched, running) one app's entity keeps in memory; a runJob beyond it is refused
    /// (nothing stored). Default 20000.
    /// </summary>
    public int MaxActiveInstancesPerApp { get; init; } = 20_000;
    /// <summary>Workers one app's entity keeps; a heartbeat from a new address beyond it is refused. Default 1000.</summary>
    public int MaxWorkersPerApp { get; init; } = 1000;
    /// <summary>Log lines waiting to be stored; lines reported beyond it are dropped and counted in <c>/health</c>. Default 100000.</summary>
    public int MaxPendingLogLines { get; init; } = 100_000;

    /// <summary>Alarm delivery: SMTP server, queue and retries.</summary>
    public AlarmOptions Alarm { get; init; } = new();
    /// <summary>TLS with a shared certificate on the cluster port. Default off.</summary>
    public ClusterTlsOptions ClusterTls { get; init; } = ClusterTlsOptions.Off;

    public bool Serves(Protocol protocol) => ActiveProtocols.Contains(protocol);

    public static ServerOptions Read(IConfiguration configuration)
    {
        var r = new SettingsReader(configuration);
        var d = new ServerOptions();
        var active = r.ProtocolList(ActiveProtocolsKey, d.ActiveProtocols);
        var main = r.Protocol(MainProtocolKey, d.MainProtocol);
        if (r.Errors.Count == 0 && !active.Contains(main))
            r.Fail(MainProtocolKey, r.Raw(MainProtocolKey) ?? main.Name(),
                $"the main protocol must be one of the active protocols {Protocols.Describe(active)} ('{ActiveProtocolsKey}')");

        var options = new ServerOptions
        {
            ActiveProtocols = active,
            MainProtocol = main,
            AkkaPort = r.Port(AkkaPortKey, d.AkkaPort),
            HttpPort = r.Port(HttpPortKey, d.HttpPort),
            WebPort = r.Port(WebPortKey, d.WebPort),
            ClusterPort = r.Port(ClusterPortKey, d.ClusterPort),
            SeedNodes = ReadSeedNodes(r),
            Hostname = r.String(HostnameKey, d.Hostname).Trim(),
            BindHostname = r.String(BindHostnameKey, d.BindHostname).Trim(),
            StorageProvider = ReadStorageProvider(r),
            ConnectionString = r.String(ConnectionStringKey, d.ConnectionString),
            MaxRequestBodyBytes = r.Int(MaxRequestBodyKey, d.MaxRequestBodyBytes, 1024, 256 * 1024 * 1024),
            WorkerTimeout = r.Duration(WorkerTimeoutKey, d.WorkerTimeout),
            ReceiveTimeout = r.Duration(ReceiveTimeoutKey, d.ReceiveTimeout),
            ReportTimeout = r.Duration(ReportTimeoutKey, d.ReportTimeout),
            RetryDelay = r.Duration(RetryDelayKey, d.RetryDelay),
            WorkerGracePeriod = r.Duration(WorkerGraceKey, d.WorkerGracePeriod),
            ConfigurationWarnings = KnownKeys.UnknownKeyWarnings(configuration),
            ClusterStableAfter = r.Duration(StableAfterKey, d.ClusterStableAfter),
            InstanceRetention = r.Duration(RetentionKey, d.InstanceRetention),
            LogRetention = r.Duration(LogRetentionKey, d.LogRetention),
            CleanupInterval = r.Duration(CleanupIntervalKey, d.CleanupInterval),
            CleanupBatchSize = r.Int(CleanupBatchKey, d.CleanupBatchSize, 1, 100_000),
            MaxActiveInstancesPerApp = r.Int(MaxActiveInstancesKey, d.MaxActiveInstancesPerApp, 1, 10_000_000),
            MaxWorkersPerApp = r.Int(MaxWorkersKey, d.MaxWorkersPerApp, 1, 1_000_000),
            MaxPendingLogLines = r.Int(MaxPendingLogLinesKey, d.MaxPendingLogLines, 1, 100_000_000),
            Alarm = AlarmOptions.Read(r),
            Security = SecurityOptions.Read(r),
            ClusterTls = ClusterTlsOptions.Read(r),
        };
        if (options.Hostname.Length == 0) r.Fail(HostnameKey, "", "expected the host name or IP other nodes reach this server at");
        if (options.BindHostname.Length == 0) r.Fail(BindHostnameKey, "", "expected an IP or host name to bind to, e.g. 0.0.0.0");

        var roles = new List<(string, int)> { (ClusterPortKey, options.ClusterPort), (WebPortKey, options.WebPort) };
        if (active.Contains(Protocol.Akka)) roles.Add((AkkaPortKey, options.AkkaPort));
        if (active.Contains(Protocol.Http)) roles.Add((HttpPortKey, options.HttpPort));
        PortRoles.RequireDistinct(r, roles);
        r.ThrowIfInvalid();
        return options;
    }

    private static IReadOnlyList<string> ReadSeedNodes(SettingsReader r)
    {
        var seeds = r.List(SeedNodesKey, []);
        foreach (var seed in seeds)
        {
            if (!SettingsReader.TryParseEndpoint(seed, out _, out _))
                r.Fail(SeedNodesKey, seed, "expected a list of host:clusterPort entries, e.g. [\"10.0.0.1:10087\"]");
        }
        return seeds;
    }

    private static StorageProvider ReadStorageProvider(SettingsReader r)
    {
        var raw = r.Raw(StorageProviderKey);
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null: return StorageProvider.Sqlite;
            case "sqlite": return StorageProvider.Sqlite;
            case "postgres" or "postgresql": return StorageProvider.Postgres;
            default:
                r.Fail(StorageProviderKey, raw, "allowed values are sqlite, postgres");
                return StorageProvider.Sqlite;
        }
    }
}
