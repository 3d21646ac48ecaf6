namespace PowerJob.Akka.Configuration;

/// <summary>
/// A node's command line: <c>--config &lt;file&gt;</c> names the HOCON file; every other argument is an
/// override written <c>--key=value</c> with the HOCON key (<c>--oms.akka.port=0</c>).
/// </summary>
public sealed record NodeCommandLine(string? ConfigFile, IReadOnlyDictionary<string, string> Overrides)
{
    public static NodeCommandLine Parse(IReadOnlyList<string> args)
    {
        string? configFile = null;
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<ConfigurationError>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--config" or "-c")
            {
                if (i + 1 < args.Count) configFile = args[++i];
                else errors.Add(new ConfigurationError("--config", null, "expected a HOCON file path after --config"));
                continue;
            }
            var eq = arg.IndexOf('=');
            if (!arg.StartsWith("--", StringComparison.Ordinal) || eq <= 2)
            {
                errors.Add(new ConfigurationError("command line", arg, "expected --config <file> or --key=value, e.g. --oms.akka.port=0"));
                continue;
            }
            var key = arg[2..eq].Trim();
            var value = arg[(eq + 1)..];
            if (key.Equals("config", StringComparison.OrdinalIgnoreCase)) configFile = value;
            else overrides[key] = value;
        }
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
        return new NodeCommandLine(configFile, overrides);
    }
}
