namespace PowerJob.Akka.Configuration;

/// <summary>The transport a worker and a server speak to each other.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ProtocolJsonConverter))]
public enum Protocol
{
    Akka,
    Http,
}

public static class Protocols
{
    public const string AllowedValues = "AKKA, HTTP (any letter case)";

    public static IReadOnlyList<Protocol> All { get; } = [Protocol.Akka, Protocol.Http];

    /// <summary>The wire spelling, as PowerJob sends it ("AKKA", "HTTP").</summary>
    public static string Name(this Protocol protocol) => protocol == Protocol.Akka ? "AKKA" : "HTTP";

    public static bool TryParse(string? raw, out Protocol protocol)
    {
        switch (raw?.Trim().ToUpperInvariant())
        {
            case "AKKA":
                protocol = Protocol.Akka;
                return true;
            case "HTTP":
                protocol = Protocol.Http;
                return true;
            default:
                protocol = default;
                return false;
        }
    }

    public static string Describe(IEnumerable<Protocol> protocols) =>
        "[" + string.Join(",", protocols.Select(p => p.Name())) + "]";
}
