using System.Collections;
using Microsoft.Extensions.Configuration;

namespace PowerJob.Akka.Configuration;

/// <summary>
/// Builds a node's configuration in precedence order: built-in defaults &lt; HOCON file &lt;
/// environment variables (<see cref="PrefixedEnvironmentVariablesSource"/>) &lt; command-line overrides.
/// </summary>
public static class NodeConfiguration
{
    public static IConfigurationRoot Build(
        IReadOnlyList<string> args,
        string? defaultConfigFile = null,
        IDictionary? environment = null)
    {
        var commandLine = NodeCommandLine.Parse(args);
        var file = commandLine.ConfigFile ?? defaultConfigFile;
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!File.Exists(file))
                throw new InvalidConfigurationException([new ConfigurationError("--config", file, "the file does not exist")]);
            builder.Add(HoconConfigurationSource.FromFile(file));
        }
        builder.Add(new PrefixedEnvironmentVariablesSource(environment));
        builder.AddInMemoryCollection(commandLine.Overrides.Select(o =>
            new KeyValuePair<string, string?>(o.Key.Replace('.', ':'), o.Value)));
        return builder.Build();
    }

    public static IConfigurationRoot FromHocon(string hocon, params string[] overrides)
    {
        var commandLine = NodeCommandLine.Parse(overrides);
        return new ConfigurationBuilder()
            .Add(new HoconConfigurationSource(hocon))
            .AddInMemoryCollection(commandLine.Overrides.Select(o =>
                new KeyValuePair<string, string?>(o.Key.Replace('.', ':'), o.Value)))
            .Build();
    }
}
