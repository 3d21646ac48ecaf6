using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Hosting;

/// <summary>Shared entry point of the console nodes: configuration errors become one line on stderr and exit code 2.</summary>
public static class ConsoleNode
{
    public const int ConfigurationErrorExitCode = 2;

    public static async Task<int> RunAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (InvalidConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ConfigurationErrorExitCode;
        }
    }
}
