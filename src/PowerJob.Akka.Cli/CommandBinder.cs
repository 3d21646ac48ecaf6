using System.CommandLine;

namespace PowerJob.Akka.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The server refused or failed the call, or a waited-for instance did not succeed.</summary>
    public const int Failed = 1;
    public const int Unreachable = 2;
    public const int Canceled = 130;
}

/// <summary>What a command's action works with: its parse result, the server's API and the output.</summary>
public sealed record Session(ParseResult Parse, OpenApiHttpClient Api, Output Out, TextWriter Error)
{
    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public int Fail(string message)
    {
        Error.WriteLine($"error: {message}");
        return ExitCodes.Failed;
    }
}

/// <summary>Gives each command's action a <see cref="Session"/> for the global options and turns server errors into exit codes.</summary>
public sealed class CommandBinder(Option<string> server, Option<bool> json, Option<string?> appPassword)
{
    public void Bind(Command command, Func<Session, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            using var api = new OpenApiHttpClient(parse.GetValue(server)!) { AppPassword = parse.GetValue(appPassword) };
            try
            {
                return await action(new Session(parse, api, new Output(parse.InvocationConfiguration.Output, parse.GetValue(json)), stderr),
                    cancellationToken);
            }
            catch (OpenApiException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (ServerUnreachableException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Unreachable;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stderr.WriteLine("canceled");
                return ExitCodes.Canceled;
            }
        });
}
