using Microsoft.Playwright;
using PowerJob.Akka.Tests.Scheduling;

namespace PowerJob.Akka.Tests.WebConsole;

/// <summary>
/// A real server with a real HTTP worker (sample and test processors) for the app <c>billing</c> (password <c>secret</c>),
/// and a fresh browser context per test, signed in through the console's own form.
/// </summary>
public abstract class ConsoleFixture(ChromiumBrowser chromium) : SchedulingFixture
{
    public const string Password = "secret";
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private IBrowserContext? _context;

    protected string BaseUrl => $"http://{Server.WebAddress}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartWorkerAsync("http", AddProcessors);
    }

    /// <summary>Processors the worker offers besides the sample and test ones.</summary>
    protected virtual void AddProcessors(IServiceCollection services)
    {
    }

    protected async Task<IPage> OpenAsync()
    {
        _context ??= await NewContextAsync(chromium, BaseUrl);
        return await NewPageAsync(_context);
    }

    protected async Task<IPage> SignedInAsync()
    {
        var page = await OpenAsync();
        await SignInAsync(page, "billing", Password);
        return page;
    }

    public static async Task<IBrowserContext> NewContextAsync(ChromiumBrowser chromium, string baseUrl)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        return context;
    }

    public static async Task<IPage> NewPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        // Confirmation dialogs (delete, stop) are accepted, as an operator clicking OK would.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    /// <summary>Signs in through the console's own form and waits for the overview.</summary>
    public static async Task SignInAsync(IPage page, string appName, string password)
    {
        await page.GotoAsync("/console/signin");
        await page.FillAsync("#appName", appName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Overview of {appName}");
    }

    /// <summary>Saves a full-page screenshot into docs/screenshots for the README.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepoFiles.Root, "docs", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public override async Task DisposeAsync()
    {
        if (_context is not null) await _context.DisposeAsync();
        await base.DisposeAsync();
    }
}
