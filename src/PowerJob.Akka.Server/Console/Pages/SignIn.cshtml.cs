using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages;

public sealed class SignInModel(IPowerJobStore store) : PageModel
{
    [BindProperty] public string? AppName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var app = await ConsoleSession.VerifyAsync(store, AppName, Password, ct);
        if (app is null)
        {
            // One answer for an unknown app and a wrong password, so the form does not tell which app names exist.
            Error = $"app '{AppName?.Trim()}' is not registered or the password is wrong";
            return Page();
        }
        await ConsoleSession.SignInAsync(HttpContext, app);
        return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(ConsoleHosting.BasePath, StringComparison.Ordinal)
            ? url
            : ConsoleHosting.BasePath);
    }
}
