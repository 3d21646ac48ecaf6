using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>A page of the signed-in console: the app from the session, one-line flash messages, actions as in the OpenAPI.</summary>
public abstract class ConsolePage(ConsoleData data) : PageModel
{
    protected ConsoleData Data => data;
    public long AppId => User.AppId();
    public string AppName => User.AppName();

    [TempData] public string? Flash { get; set; }
    [TempData] public string? FlashError { get; set; }

    /// <summary>
    /// Runs an action the OpenAPI would run and redirects (post/redirect/get); its refusal (a validation message, no owner
    /// right now) becomes the flash error shown on the next page.
    /// </summary>
    protected async Task<IActionResult> ActAsync(Func<Task<string>> action, string redirectTo)
    {
        try
        {
            Flash = await action();
        }
        catch (Exception e) when (e is OpenApiValidationException or NoOwnerException)
        {
            FlashError = e.Message;
        }
        return LocalRedirect(redirectTo);
    }

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";
}
