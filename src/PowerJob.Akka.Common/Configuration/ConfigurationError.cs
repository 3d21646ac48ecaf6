namespace PowerJob.Akka.Configuration;

/// <summary>One rejected setting: which key, what it held and what would have been accepted.</summary>
public sealed record ConfigurationError(string Key, string? Value, string Allowed)
{
    public override string ToString() =>
        $"invalid value '{Value ?? "<missing>"}' for '{Key}': {Allowed}";
}

/// <summary>Raised before any port is bound when node configuration does not validate.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
