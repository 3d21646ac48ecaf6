namespace PowerJob.Akka.Configuration;

/// <summary>How the SMTP client connects: <c>auto</c> lets MailKit pick (TLS on 465, STARTTLS when offered).</summary>
public enum SmtpSecurity
{
    Auto,
    None,
    Ssl,
    StartTls,
}

/// <summary>Where and how alarms are delivered: the SMTP server for e-mail, and the delivery queue's limits.</summary>
public sealed record AlarmOptions
{
    public const string SmtpHostKey = "oms.alarm.smtp.host";
    public const string SmtpPortKey = "oms.alarm.smtp.port";
    public const string SmtpFromKey = "oms.alarm.smtp.from";
    public const string SmtpUsernameKey = "oms.alarm.smtp.username";
    public const string SmtpPasswordKey = "oms.alarm.smtp.password";
    public const string SmtpSslKey = "oms.alarm.smtp.ssl";
    public const string QueueSizeKey = "oms.alarm.queue-size";
    public const string RetriesKey = "oms.alarm.retries";
    public const string RetryDelayKey = "oms.alarm.retry-delay";
    public const string TimeoutKey = "oms.alarm.timeout";
    public const string ConsoleUrlKey = "oms.alarm.console-url";

    /// <summary>SMTP server for e-mail alarms; null = e-mail alarms fail (and say so in /health).</summary>
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 25;
    public string SmtpFrom { get; init; } = "powerjob@localhost";
    public string? SmtpUsername { get; init; }
    public string? SmtpPassword { get; init; }
    public SmtpSecurity SmtpSecurity { get; init; } = SmtpSecurity.Auto;
    /// <summary>Deliveries waiting per channel beyond which new ones are dropped (and counted). Default 1000.</summary>
    public int QueueSize { get; init; } = 1000;
    /// <summary>Further attempts after a failed delivery. Default 3.</summary>
    public int Retries { get; init; } = 3;
    /// <summary>Wait before the first retry; doubled for each further one. Default 2 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>One delivery attempt gives up after this. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Base URL of the console for links in alarms; null = http://{oms.hostname}:{server.port}.</summary>
    public string? ConsoleUrl { get; init; }

    internal static AlarmOptions Read(SettingsReader r)
    {
        var d = new AlarmOptions();
        var options = new AlarmOptions
        {
            SmtpHost = Blank(r.Raw(SmtpHostKey)),
            SmtpPort = r.Int(SmtpPortKey, d.SmtpPort, 1, 65535),
            SmtpFrom = r.String(SmtpFromKey, d.SmtpFrom).Trim(),
            SmtpUsername = Blank(r.Raw(SmtpUsernameKey)),
            SmtpPassword = r.Raw(SmtpPasswordKey),
            SmtpSecurity = ReadSecurity(r),
            QueueSize = r.Int(QueueSizeKey, d.QueueSize, 1, 1_000_000),
            Retries = r.Int(RetriesKey, d.Retries, 0, 100),
            RetryDelay = r.Duration(RetryDelayKey, d.RetryDelay),
            Timeout = r.Duration(TimeoutKey, d.Timeout),
            ConsoleUrl = Blank(r.Raw(ConsoleUrlKey))?.TrimEnd('/'),
        };
        if (!options.SmtpFrom.Contains('@', StringComparison.Ordinal))
            r.Fail(SmtpFromKey, options.SmtpFrom, "expected the sender's e-mail address, e.g. powerjob@example.com");
        if (options.ConsoleUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            r.Fail(ConsoleUrlKey, url, "expected an absolute http(s) URL, e.g. https://powerjob.example.com");
        return options;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static SmtpSecurity ReadSecurity(SettingsReader r)
    {
        var raw = r.Raw(SmtpSslKey);
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null or "auto": return SmtpSecurity.Auto;
            case "none" or "false": return SmtpSecurity.None;
            case "ssl" or "tls" or "true": return SmtpSecurity.Ssl;
            case "starttls": return SmtpSecurity.StartTls;
            default:
                r.Fail(SmtpSslKey, raw, "allowed values are auto, none, ssl, starttls");
                return SmtpSecurity.Auto;
        }
    }
}
