namespace PowerJob.Akka.Transport;

/// <summary>One line of a node's port plan: a bound port, its protocol, its purpose and who must reach it.</summary>
public sealed record BoundEndpoint(string Purpose, string Protocol, string BindHost, string AdvertisedHost, int Port, string OpenTo)
{
    public const string AkkaTransport = "worker transport (AKKA)";
    public const string HttpTransport = "worker transport (HTTP)";
    public const string Web = "web (OpenAPI, discovery, health)";
    public const string Cluster = "cluster (server <-> server)";
    public const string WorkerPort = "worker (server pushes, worker <-> worker)";

    public string AdvertisedAddress => $"{AdvertisedHost}:{Port}";

    public static string WorkerTransport(Configuration.Protocol protocol) =>
        protocol == Configuration.Protocol.Akka ? AkkaTransport : HttpTransport;

    public override string ToString() =>
        $"{Purpose}: {Protocol} bind {BindHost}:{Port}, advertised {AdvertisedHost}:{Port}, open to {OpenTo}";
}
