using System.CommandLine;

namespace PowerJob.Akka.Cli.Commands;

/// <summary><c>app register</c>.</summary>
public static class AppCommands
{
    public const string AdminPasswordVariable = "PJ_ADMIN_PASSWORD";

    public static Command Build(CommandBinder binder)
    {
        var name = new Argument<string>("name") { Description = "The app name its workers are configured with" };
        var password = new Option<string>("--password") { Description = "The app's (new) password", Required = true };
        var oldPassword = new Option<string?>("--old-password") { Description = "The current password, to change a registered app's password" };
        var adminPassword = new Option<string?>("--admin-password")
        {
            Description = $"The server's admin password (oms.auth.admin-password), needed to register a new app when it is set; " +
                          $"the default is ${AdminPasswordVariable} if set",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AdminPasswordVariable) is { Length: > 0 } fromEnv ? fromEnv : null,
        };
        var register = new Command("register", "Register an app (or change a registered app's password with --old-password); prints its appId")
        {
            name, password, oldPassword, adminPassword,
        };
        binder.Bind(register, async (s, ct) =>
        {
            var appId = await s.Api.PostFormAsync("/appInfo/save", ct, ("appName", s.Get(name)), ("password", s.Get(password)),
                ("oldPassword", s.Get(oldPassword)), ("adminPassword", s.Get(adminPassword)));
            s.Out.Render(appId, () => s.Out.Line(appId.GetRawText()));
            return ExitCodes.Ok;
        });
        return new Command("app", "Apps: what workers, jobs and instances belong to") { register };
    }
}
