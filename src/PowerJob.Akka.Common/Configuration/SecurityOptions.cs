namespace PowerJob.Akka.Configuration;

/// <summary>A server's authentication switches and input limits, read with the rest of <see cref="ServerOptions"/>.</summary>
public sealed record SecurityOptions
{
    public const string OpenApiAuthKey = "oms.auth.openapi.enable";
    public const string TokenLifetimeKey = "oms.auth.openapi.token-ttl";
    public const string AdminPasswordKey = "oms.auth.admin-password";
    public const string WebMaxRequestBytesKey = "server.max-request-bytes";
    public const string MaxJobParamsKey = "oms.job.max-params-length";
    public const string MaxInstanceParamsKey = "oms.instance.max-params-length";
    public const string MaxResultKey = "oms.instance.max-result-length";
    public const string AllowUnauthenticatedWorkersKey = "oms.auth.allow-unauthenticated-workers";

    /// <summary>OpenAPI calls need an <c>authApp</c> token. Off accepts PowerJob 4.x clients that send none. Default true.</summary>
    public bool OpenApiAuth { get; init; } = true;
    /// <summary>How long an <c>authApp</c> token is accepted. Default 2 h.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(2);
    /// <summary>Secret needed to register a new app (<c>adminPassword</c>). Default none: registering is open.</summary>
    public string? AdminPassword { get; init; }
    /// <summary>Largest request body on the web port. Default 1 MiB.</summary>
    public int WebMaxRequestBytes { get; init; } = 1024 * 1024;
    /// <summary>Longest <c>jobParams</c> accepted, in characters. Default 64 Ki.</summary>
    public int MaxJobParamsLength { get; init; } = 64 * 1024;
    /// <summary>Longest <c>instanceParams</c> accepted, in characters. Default 64 Ki.</summary>
    public int MaxInstanceParamsLength { get; init; } = 64 * 1024;
    /// <summary>Longest instance result kept; a longer one reported by a worker is cut. Default 64 Ki.</summary>
    public int MaxResultLength { get; init; } = 64 * 1024;
    /// <summary>
    /// Accepts heartbeats without a proof of the app password (workers of other PowerJob SDKs), for STANDALONE jobs only.
    /// Default false.
    /// </summary>
    public bool AllowUnauthenticatedWorkers { get; init; }

    internal static SecurityOptions Read(SettingsReader r)
    {
        var d = new SecurityOptions();
        var admin = r.Raw(AdminPasswordKey);
        var options = new SecurityOptions
        {
            OpenApiAuth = r.Bool(OpenApiAuthKey, d.OpenApiAuth),
            TokenLifetime = r.Duration(TokenLifetimeKey, d.TokenLifetime),
            AdminPassword = string.IsNullOrEmpty(admin) ? null : admin,
            WebMaxRequestBytes = r.Int(WebMaxRequestBytesKey, d.WebMaxRequestBytes, 1024, 256 * 1024 * 1024),
            MaxJobParamsLength = r.Int(MaxJobParamsKey, d.MaxJobParamsLength, 0, 64 * 1024 * 1024),
            MaxInstanceParamsLength = r.Int(MaxInstanceParamsKey, d.MaxInstanceParamsLength, 0, 64 * 1024 * 1024),
            MaxResultLength = r.Int(MaxResultKey, d.MaxResultLength, 16, 64 * 1024 * 1024),
            AllowUnauthenticatedWorkers = r.Bool(AllowUnauthenticatedWorkersKey, d.AllowUnauthenticatedWorkers),
        };
        if (admin is { Length: > 0 and < 8 })
            r.Fail(AdminPasswordKey, "<hidden>", "expected at least 8 characters, or leave it unset to allow anyone to register new apps");
        return options;
    }
}
