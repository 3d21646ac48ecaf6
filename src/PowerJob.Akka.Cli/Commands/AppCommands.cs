using System.CommandLine;

namespace PowerJob.Akka.Cli.Commands;

/// <summary><c>app register</c>.</summary>
public static class AppCommands
{
    public static Command Build(CommandBinder binder)
    {
        var name = new Argument<string>("name") { Description = "The app name its workers are configured with" };
        var password = new Option<string>("--password") { Description = "The app's password", Required = true };
        var register = new Command("register", "Register an app (or set a registered app's password); prints its appId") { name, password };
        binder.Bind(register, async (s, ct) =>
        {
            var appId = await s.Api.PostFormAsync("/appInfo/save", ct, ("appName", s.Get(name)), ("password", s.Get(password)));
            s.Out.Render(appId, () => s.Out.Line(appId.GetRawText()));
            return ExitCodes.Ok;
        });
        return new Command("app", "Apps: what workers, jobs and instances belong to") { register };
    }
}
