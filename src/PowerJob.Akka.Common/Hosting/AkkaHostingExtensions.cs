using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Hosting;

public static class AkkaHostingExtensions
{
    /// <summary>
    /// Akka logs through Microsoft.Extensions.Logging at the host's minimum level (Information when there is no host
    /// to ask), and wire messages use the PowerJob JSON serializer.
    /// </summary>
    /// <remarks>
    /// Akka filters before Microsoft.Extensions.Logging does, and once a system's loggers have stopped (at the very end
    /// of its shutdown) its last lines go straight to stdout at Akka's own level: following the host's level keeps a
    /// host that asked for warnings only free of Akka's informational shutdown lines.
    /// </remarks>
    public static AkkaConfigurationBuilder WithPowerJobDefaults(this AkkaConfigurationBuilder akka, IServiceProvider? services = null) => akka
        .ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = AkkaLevel(services?.GetService<IOptions<LoggerFilterOptions>>()?.Value.MinLevel ?? LogLevel.Information);
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        })
        .WithCustomSerializer("powerjob-wire", [typeof(IPowerJobWire)], system => new PowerJobWireSerializer(system));

    private static global::Akka.Event.LogLevel AkkaLevel(LogLevel level) => level switch
    {
        <= LogLevel.Debug => global::Akka.Event.LogLevel.DebugLevel,
        LogLevel.Information => global::Akka.Event.LogLevel.InfoLevel,
        LogLevel.Warning => global::Akka.Event.LogLevel.WarningLevel,
        _ => global::Akka.Event.LogLevel.ErrorLevel,
    };
}
