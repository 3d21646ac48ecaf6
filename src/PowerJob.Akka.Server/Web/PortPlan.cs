using PowerJob.Akka.Configuration;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.Web;

/// <summary>Every port this server bound, with protocol, purpose and who must be able to reach it.</summary>
public sealed class PortPlan(ServerOptions options, TransportReadiness transports)
{
    public int WebPort { get; set; }

    public IReadOnlyList<BoundEndpoint> Endpoints =>
    [
        new(BoundEndpoint.Web, "HTTP", options.BindHostname, options.Hostname, WebPort, "workers and API clients"),
        options.ClusterTls.Enabled
            ? new(BoundEndpoint.Cluster, "AKKA (cluster, TLS)", options.BindHostname, options.Hostname, ClusterPort,
                "other servers holding the cluster certificate only")
            : new(BoundEndpoint.Cluster, "AKKA (cluster)", options.BindHostname, options.Hostname, ClusterPort, "other servers only"),
        .. transports.Endpoints,
    ];

    public int ClusterPort { get; set; }
}
