using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>
/// The web console under <c>/console</c> on the web port: Razor Pages behind a cookie sign-in with the app's name and
/// password. Everything outside <c>/console</c> (OpenAPI, discovery, system endpoints) is left as it was.
/// </summary>
/// <remarks>The namespace is not <c>...Console</c> so that <c>System.Console</c> stays reachable from the server's code.</remarks>
public static class ConsoleHosting
{
    public const string Scheme = "PowerJobConsole";
    public const string Policy = "PowerJobConsole";
    public const string BasePath = "/console";

    public static IServiceCollection AddPowerJobConsole(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "powerjob-console";
            o.Cookie.Path = BasePath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = BasePath + "/signin";
            o.LogoutPath = BasePath + "/signout";
            o.AccessDeniedPath = BasePath + "/signin";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "powerjob-console-antiforgery";
            o.Cookie.Path = BasePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Servers sharing a key ring (same host, or a shared keys directory) accept each other's console cookies.
        services.AddDataProtection().SetApplicationName("PowerJob.Akka.Console");
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Console/Pages";
                o.Conventions.AuthorizeFolder("/", Policy);
                o.Conventions.AllowAnonymousToPage("/SignIn");
                o.Conventions.AllowAnonymousToPage("/Error");
            })
            .AddApplicationPart(typeof(ConsoleHosting).Assembly)
            .AddCookieTempDataProvider(o =>
            {
                o.Cookie.Name = "powerjob-console-flash";
                o.Cookie.Path = BasePath;
                o.Cookie.SameSite = SameSiteMode.Strict;
            });
        services.AddSingleton<ConsoleData>();
        return services;
    }

    public static WebApplication MapPowerJobConsole(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(BasePath), console =>
        {
            // Any failure inside the console renders the error page; a stack trace never reaches the browser.
            console.UseExceptionHandler(BasePath + "/error");
            console.UseStatusCodePagesWithReExecute(BasePath + "/error", "?status={0}");
        });
        // Routing after the console's error handling, so the error page it re-executes is routed like any request.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", () => Results.Redirect(BasePath));
        app.MapRazorPages();
        return app;
    }
}
