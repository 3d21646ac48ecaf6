using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>The console session: an app signed in with its name and password, kept in an HttpOnly, SameSite cookie.</summary>
public static class ConsoleSession
{
    /// <summary>The app when <paramref name="password"/> is its password; null otherwise (an unknown app gets the same answer).</summary>
    public static async Task<AppRecord?> VerifyAsync(IPowerJobStore store, string? appName, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(appName) || string.IsNullOrEmpty(password)) return null;
        var app = await store.FindAppByNameAsync(appName.Trim(), ct);
        return app is not null && PasswordHasher.Verify(password, app.PasswordHash) ? app : null;
    }

    public static Task SignInAsync(HttpContext context, AppRecord app)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, app.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, app.AppName),
        ], ConsoleHosting.Scheme);
        return context.SignInAsync(ConsoleHosting.Scheme, new ClaimsPrincipal(identity));
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(ConsoleHosting.Scheme);

    public static long AppId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("not signed in"), CultureInfo.InvariantCulture);

    public static string AppName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "";
}
