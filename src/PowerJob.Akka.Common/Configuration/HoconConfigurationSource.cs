using Akka.Configuration;
using Akka.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace PowerJob.Akka.Configuration;

/// <summary>
/// Reads a HOCON node file into <see cref="IConfiguration"/> keys: <c>oms.akka.port</c> becomes
/// <c>oms:akka:port</c>, list elements become <c>key:0</c>, <c>key:1</c>.
/// </summary>
/// <remarks><c>include "other.conf"</c> is resolved relative to the including file.</remarks>
public sealed class HoconConfigurationSource(string hocon, string origin = "HOCON text", string? directory = null) : IConfigurationSource
{
    public static HoconConfigurationSource FromFile(string path) =>
        new(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)));

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(hocon, origin, directory);

    private sealed class HoconConfigurationProvider(string hocon, string origin, string? directory) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            HoconValue root;
            try
            {
                root = ConfigurationFactory.ParseString(hocon, Include).Root;
            }
            catch (Exception e) when (e is not InvalidConfigurationException)
            {
                var reason = e.Message.Split('\n')[0].Trim();
                throw new InvalidConfigurationException([new ConfigurationError("--config", origin, $"not valid HOCON ({reason})")]);
            }
            Flatten(root, null, data);
            Data = data;
        }

        private HoconRoot Include(string name)
        {
            var path = Path.Combine(directory ?? Directory.GetCurrentDirectory(), name.Trim('"'));
            if (!File.Exists(path))
                throw new InvalidConfigurationException([new ConfigurationError("--config", origin, $"included file '{path}' does not exist")]);
            return Parser.Parse(File.ReadAllText(path), Include);
        }

        private static void Flatten(HoconValue value, string? prefix, IDictionary<string, string?> data)
        {
            if (value.IsObject())
            {
                foreach (var (name, child) in value.GetObject().Items)
                    Flatten(child, prefix is null ? name : $"{prefix}:{name}", data);
            }
            else if (value.IsArray() || value.Values.Any(v => v is HoconArray))
            {
                var items = value.GetArray();
                if (items.Count == 0 && prefix is not null) data[prefix] = "";
                for (var i = 0; i < items.Count; i++)
                    Flatten(items[i], $"{prefix}:{i}", data);
            }
            else if (prefix is not null)
            {
                data[prefix] = value.GetString();
            }
        }
    }
}
