using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace PowerJob.Akka.Tests.WebConsole;

[Collection(BrowserCollection.Name)]
public sealed class InstanceSpecs(ChromiumBrowser chromium) : ConsoleFixture(chromium)
{
    [BrowserFact]
    public async Task A_job_run_from_the_list_is_followed_to_SUCCEED_with_its_log_and_timeline()
    {
        var jobId = await SaveJobAsync("chatty");
        var page = await SignedInAsync();
        await page.GotoAsync("/console/jobs");
        var row = page.Locator($"tr[data-job-id='{jobId}']");
        await row.Locator("input[name=instanceParams]").FillAsync("from-the-console");
        await row.Locator("button.run-now").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/console/instances/\d+$"));
        await Expect(page.Locator("#status")).ToHaveTextAsync("SUCCEED", new() { Timeout = 30_000 });
        await Expect(page.Locator("#result")).ToHaveTextAsync("chatted");
        await Expect(page.Locator("#instance-params")).ToHaveTextAsync("from-the-console");
        await Expect(page.Locator("#log")).ToContainTextAsync("params are from-the-console", new() { Timeout = 30_000 });
        await Expect(page.Locator("#log")).ToContainTextAsync("finishing");
        await Expect(page.Locator("#timeline li")).ToHaveTextAsync(
            [new Regex("^WAITING_DISPATCH"), new Regex("^WAITING_WORKER_RECEIVE"), new Regex("^RUNNING"), new Regex("^SUCCEED")]);
        await Expect(page.Locator("#attempt")).ToContainTextAsync("1");
        await ScreenshotAsync(page, "instance");

        await page.GotoAsync($"/console/instances?jobId={jobId}&status=SUCCEED");
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);
        await page.GotoAsync($"/console/instances?jobId={jobId}&status=FAILED");
        await Expect(page.Locator("#no-instances")).ToBeVisibleAsync();

        var overrun = await SaveJobAsync("sleep", instanceTimeLimit: 300);
        var failed = await Api.AwaitStatusAsync(AppId, await Api.RunJobAsync(AppId, overrun, "10000"), 4, Wait);
        var reason = failed.GetProperty("result").GetString()!;
        await page.GotoAsync("/console");
        await Expect(page.Locator("#hour-total")).ToHaveTextAsync("2");
        await Expect(page.Locator("#instance-chart rect.bar[data-status=SUCCEED]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#instance-chart rect.bar[data-status=FAILED]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#failures tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#failures tbody tr")).ToContainTextAsync(reason);
        await ScreenshotAsync(page, "overview");
    }

    [BrowserFact]
    public async Task A_running_instance_is_stopped_from_its_page_while_its_log_is_followed()
    {
        var jobId = await SaveJobAsync("sleep");
        var page = await SignedInAsync();
        await page.GotoAsync("/console/jobs");
        var row = page.Locator($"tr[data-job-id='{jobId}']");
        await row.Locator("input[name=instanceParams]").FillAsync("60000");
        await row.Locator("button.run-now").ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync("RUNNING", new() { Timeout = 30_000 });
        await Expect(page.Locator("#following")).ToBeVisibleAsync();
        await page.ClickAsync("#stop");
        await Expect(page.Locator("#status")).ToHaveTextAsync("STOPPED", new() { Timeout = 30_000 });
        await Expect(page.Locator("#timeline li").Last).ToContainTextAsync("STOPPED");
        await Expect(page.Locator("#retry")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Filtering_by_a_malformed_time_names_the_field_and_an_unknown_instance_gets_a_clear_page()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/console/instances?from=yesterday");
        await Expect(page.Locator("#error-from")).ToHaveTextAsync("from 'yesterday' is invalid: expected a UTC time as yyyy-MM-ddTHH:mm");

        var response = await page.GotoAsync("/console/instances/987654");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Instance 987654 is unknown");
        await Expect(page.Locator("#error-message")).ToContainTextAsync("There is no instance 987654 in app 'billing'");

        await page.GotoAsync("/console/no-such-page");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
    }
}
