using Akka.Configuration;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Transport;

/// <summary>HOCON for an Akka.Remote-only system on a worker-facing port, with the wire serializer bound.</summary>
public static class AkkaRemoteConfig
{
    /// <summary>
    /// Largest Akka.Remote frame on a worker-facing system (both ends use it). Akka.Remote drops a bigger message
    /// silently, so the server refuses to dispatch one (<see cref="Fits"/>) instead.
    /// </summary>
    public const int MaximumFrameSize = 1024 * 1024;

    /// <summary>Room in a frame for Akka.Remote's envelope (paths, manifest, ids) around the serialized message.</summary>
    public const int EnvelopeReserve = 8 * 1024;

    /// <summary>Whether <paramref name="message"/> fits one AKKA frame; <paramref name="bytes"/> is its serialized size.</summary>
    public static bool Fits(Messages.IPowerJobWire message, out int bytes)
    {
        bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), WireJson.Options).Length;
        return bytes + EnvelopeReserve <= MaximumFrameSize;
    }

    public const string SerializerHocon = """
        akka.actor {
          serializers.powerjob-wire = "PowerJob.Akka.Serialization.PowerJobWireSerializer, PowerJob.Akka.Common"
          serialization-bindings { "PowerJob.Akka.Messages.IPowerJobWire, PowerJob.Akka.Common" = powerjob-wire }
          serialization-identifiers { "PowerJob.Akka.Serialization.PowerJobWireSerializer, PowerJob.Akka.Common" = 4277 }
        }
        """;

    /// <summary>
    /// Anyone who reaches a worker-facing port is a stranger: untrusted mode drops actor selections (no path is trusted),
    /// remote deployment, remote death watch and PoisonPill from the wire, the guardian resumes what a Kill hits, and
    /// no payload is built from a type name the sender chose. Workers and servers need none of these there: they send
    /// wire messages to remote refs resolved from paths, and Ask replies go to temporary refs.
    /// </summary>
    public const string UntrustedHocon = """
        akka.remote {
          untrusted-mode = on
          trusted-selection-paths = []
        }
        akka.actor.guardian-supervisor-strategy = "PowerJob.Akka.Transport.KillProofGuardianStrategy, PowerJob.Akka.Common"
        akka.actor.serializers.json = "PowerJob.Akka.Transport.NoTypeNamesSerializer, PowerJob.Akka.Common"
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
            maximum-frame-size = {{MaximumFrameSize}}b
            send-buffer-size = {{2 * MaximumFrameSize}}b
            receive-buffer-size = {{2 * MaximumFrameSize}}b
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """).WithFallback(ConfigurationFactory.ParseString(UntrustedHocon)).WithFallback(ConfigurationFactory.ParseString(SerializerHocon));
}
