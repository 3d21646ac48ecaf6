using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PowerJob.Akka.Tests.WebConsole;

[Collection(BrowserCollection.Name)]
public sealed class SignInSpecs(ChromiumBrowser chromium) : ConsoleFixture(chromium)
{
    [BrowserFact]
    public async Task The_root_leads_to_sign_in_a_wrong_password_is_refused_and_signing_out_ends_the_session()
    {
        var page = await OpenAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));

        await page.FillAsync("#appName", "billing");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("app 'billing' is not registered or the password is wrong");

        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview of billing");
        await Expect(page.Locator("#signed-in-app")).ToHaveTextAsync("billing");
        await Expect(page.Locator("#workers-alive")).ToHaveTextAsync("1");
        await Expect(page.Locator("#owner")).ToHaveTextAsync(Server.WebAddress);

        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "powerjob-console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.ClickAsync("#sign-out");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
        await page.GotoAsync("/console/jobs");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin\\?ReturnUrl=%2Fconsole%2Fjobs"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "powerjob-console");
    }

    [BrowserFact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        var page = await SignedInAsync();
        var response = await page.APIRequest.PostAsync("/console/signout", new APIRequestContextOptions { Form = page.Context.APIRequest.CreateFormData() });
        Assert.Equal(400, response.Status);
        Assert.Contains("anti-forgery token did not match", await response.TextAsync());
        await page.GotoAsync("/console/jobs");
        await Expect(page.Locator("h1")).ToContainTextAsync("Jobs");
    }
}
