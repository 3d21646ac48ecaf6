using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PowerJob.Akka.Server.WebConsole.Pages;

/// <summary>Signing out is a POST with the anti-forgery token, so another site cannot sign a user out.</summary>
public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await ConsoleSession.SignOutAsync(HttpContext);
        return LocalRedirect(ConsoleHosting.BasePath + "/signin");
    }
}
