using System.Collections;
using Microsoft.Extensions.Configuration;

namespace PowerJob.Akka.Configuration;

/// <summary>
/// Environment variables named <c>PJ_</c> + the key with <c>.</c> written as <c>__</c> and <c>-</c> as <c>_</c>,
/// in any case: <c>PJ_OMS__AKKA__PORT=0</c> sets <c>oms.akka.port</c>,
/// <c>PJ_POWERJOB__WORKER__APP_NAME=demo</c> sets <c>powerjob.worker.app-name</c>.
/// </summary>
public sealed class PrefixedEnvironmentVariablesSource(IDictionary? variables = null) : IConfigurationSource
{
    public const string Prefix = "PJ_";

    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new Provider(variables ?? Environment.GetEnvironmentVariables());

    public static string? ToKey(string variableName)
    {
        if (!variableName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || variableName.Length == Prefix.Length)
            return null;
        var dotted = variableName[Prefix.Length..].ToLowerInvariant().Replace("__", ".").Replace('_', '-');
        return dotted.Replace('.', ':');
    }

    private sealed class Provider(IDictionary variables) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in variables)
            {
                if (entry.Key is string name && ToKey(name) is { } key)
                    data[key] = entry.Value as string;
            }
            Data = data;
        }
    }
}
