using System.CommandLine;

namespace PowerJob.Akka.Cli.Commands;

internal static class CommonOptions
{
    public static Option<long> AppId() => new("--app-id")
    {
        Description = "The app's id, as printed by 'app register'",
        HelpName = "id",
        Required = true,
    };

    /// <summary>One of <paramref name="allowed"/> in any letter case, parsed to its canonical spelling.</summary>
    public static Option<string?> Choice(string name, string description, params string[] allowed)
    {
        var option = new Option<string?>(name)
        {
            Description = description,
            HelpName = string.Join("|", allowed),
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return null;
                var raw = result.Tokens[0].Value;
                var match = allowed.FirstOrDefault(a => a.Equals(raw, StringComparison.OrdinalIgnoreCase));
                if (match is null) result.AddError($"{name} '{raw}' is not one of {string.Join(", ", allowed)}");
                return match;
            },
        };
        option.CompletionSources.Add(allowed);
        return option;
    }
}
