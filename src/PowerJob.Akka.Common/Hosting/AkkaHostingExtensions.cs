using Akka.Hosting;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Hosting;

public static class AkkaHostingExtensions
{
    /// <summary>Akka logs through Microsoft.Extensions.Logging, and wire messages use the PowerJob JSON serializer.</summary>
    public static AkkaConfigurationBuilder WithPowerJobDefaults(this AkkaConfigurationBuilder akka) => akka
        .ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = global::Akka.Event.LogLevel.InfoLevel;
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        })
        .WithCustomSerializer("powerjob-wire", [typeof(IPowerJobWire)], system => new PowerJobWireSerializer(system));
}
