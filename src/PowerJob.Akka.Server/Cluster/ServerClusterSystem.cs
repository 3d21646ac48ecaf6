using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>The <c>powerjob-cluster</c> actor system: Akka.Cluster on the cluster port, role <c>server</c>, keep-majority SBR.</summary>
public static class ServerClusterSystem
{
    public const string Name = "powerjob-cluster";
    public const string Role = "server";
    /// <summary>The shard region of the app entities.</summary>
    public const string AppRegionName = "app";

    public static AkkaConfigurationBuilder WithPowerJobCluster(this AkkaConfigurationBuilder akka, ServerOptions options) => akka
        .AddHocon(string.Create(CultureInfo.InvariantCulture,
            $"akka.cluster.split-brain-resolver.stable-after = {(long)options.ClusterStableAfter.TotalMilliseconds}ms"), HoconAddMode.Prepend)
        .WithRemoting(Remoting(options))
        .WithClustering(new ClusterOptions
        {
            Roles = [Role],
            SeedNodes = options.SeedNodes.Select(s => $"{Protocol(options)}://{Name}@{s}").ToArray(),
            SplitBrainResolver = new global::Akka.Cluster.Hosting.SBR.KeepMajorityOption(),
        });

    /// <summary>The address protocol of the cluster's members: Akka.Remote names TLS addresses <c>akka.ssl.tcp</c>.</summary>
    public static string Protocol(ServerOptions options) => options.ClusterTls.Enabled ? "akka.ssl.tcp" : "akka.tcp";

    // The certificate is self-signed and shared, so chain and host name say nothing: the pinned thumbprint is the check,
    // on both ends of every connection (mutual TLS).
    private static RemoteOptions Remoting(ServerOptions options)
    {
        var remote = new RemoteOptions { HostName = options.BindHostname, Port = options.ClusterPort, PublicHostName = options.Hostname };
        if (options.ClusterTls.Certificate is not { } certificate) return remote;
        remote.EnableSsl = true;
        remote.Ssl = new SslOptions
        {
            X509Certificate = certificate,
            SuppressValidation = false,
            RequireMutualAuthentication = true,
            ValidateCertificateHostname = false,
            CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
        };
        return remote;
    }
}
