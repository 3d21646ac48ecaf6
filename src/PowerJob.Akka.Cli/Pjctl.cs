using System.CommandLine;
using PowerJob.Akka.Cli.Commands;

namespace PowerJob.Akka.Cli;

/// <summary><c>pjctl</c>: the operator's client for a server's OpenAPI on its web port.</summary>
public static class Pjctl
{
    public const string ServerVariable = "PJ_SERVER";
    public const string DefaultServer = "127.0.0.1:7700";
    public const string AppPasswordVariable = "PJ_APP_PASSWORD";

    /// <summary>Parses and runs one command line, writing to the given writers; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        BuildRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);

    public static RootCommand BuildRootCommand()
    {
        var server = new Option<string>("--server", "-s")
        {
            Description = $"The server's web port as host:port or an http(s) URL; the default is ${ServerVariable} if set",
            HelpName = "host:port",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnv ? fromEnv : DefaultServer,
        };
        server.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (OpenApiHttpClient.BaseAddressOrNull(value) is null)
                result.AddError($"--server '{value}' is not host:port or an http(s) URL");
        });
        var json = new Option<bool>("--json")
        {
            Description = "Print the reply's raw JSON data instead of tables and text",
            Recursive = true,
        };

        var appPassword = new Option<string?>("--app-password")
        {
            Description = $"The app's password, to sign in to a server that requires OpenAPI authentication (the default); " +
                          $"the default is ${AppPasswordVariable} if set. Nothing is written to disk",
            HelpName = "password",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AppPasswordVariable) is { Length: > 0 } fromEnv ? fromEnv : null,
        };

        var binder = new CommandBinder(server, json, appPassword);
        return new RootCommand("pjctl: operate a PowerJob.Akka server through its OpenAPI")
        {
            server,
            json,
            appPassword,
            AppCommands.Build(binder),
            JobCommands.Build(binder),
            InstanceCommands.Build(binder),
            WorkflowCommands.Build(binder),
            SystemCommands.Workers(binder),
            SystemCommands.Ports(binder),
            SystemCommands.Cluster(binder),
            SystemCommands.Health(binder),
        };
    }
}
