using Akka.Configuration;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Transport;

/// <summary>HOCON for an Akka.Remote-only system on a worker-facing port, with the wire serializer bound.</summary>
public static class AkkaRemoteConfig
{
    public const string SerializerHocon = """
        akka.actor {
          serializers.powerjob-wire = "PowerJob.Akka.Serialization.PowerJobWireSerializer, PowerJob.Akka.Common"
          serialization-bindings { "PowerJob.Akka.Messages.IPowerJobWire, PowerJob.Akka.Common" = powerjob-wire }
          serialization-identifiers { "PowerJob.Akka.Serialization.PowerJobWireSerializer, PowerJob.Akka.Common" = 4277 }
        }
        """;

    public static Config RemoteOnly(string bindHost, string advertisedHost, int port) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          actor.provider = remote
          remote.log-remote-lifecycle-events = off
          remote.dot-netty.tcp {
            hostname = "{{bindHost}}"
            public-hostname = "{{advertisedHost}}"
            port = {{port}}
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """).WithFallback(ConfigurationFactory.ParseString(SerializerHocon));
}
