using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
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
        .WithRemoting(options.BindHostname, options.ClusterPort, options.Hostname)
        .WithClustering(new ClusterOptions
        {
            Roles = [Role],
            SeedNodes = options.SeedNodes.Select(s => $"akka.tcp://{Name}@{s}").ToArray(),
            SplitBrainResolver = new global::Akka.Cluster.Hosting.SBR.KeepMajorityOption(),
        });
}
