using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace PowerJob.Akka.Tests.WebConsole;

[Collection(BrowserCollection.Name)]
public sealed class JobFormSpecs(ChromiumBrowser chromium) : ConsoleFixture(chromium)
{
    [BrowserFact]
    public async Task A_bad_cron_expression_is_shown_beside_its_field_and_a_good_one_previews_five_fire_times_in_the_job_zone()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/console/jobs");
        await Expect(page.Locator("#no-jobs")).ToBeVisibleAsync();
        await page.ClickAsync("#new-job");

        await page.FillAsync("#jobName", "nightly-report");
        await page.FillAsync("#processorInfo", "echo");
        await page.SelectOptionAsync("#timeExpressionType", "CRON");
        await page.FillAsync("#timeExpression", "0 61 * * * ?");
        await page.ClickAsync("#save-job");
        await Expect(page.Locator("#error-timeExpression")).ToContainTextAsync("timeExpression '0 61 * * * ?' is invalid: not a valid CRON expression");
        await Expect(page.Locator("#error-jobName")).ToBeEmptyAsync();
        await Expect(page.Locator("#jobName")).ToHaveValueAsync("nightly-report");

        await page.FillAsync("#timeExpression", "0 30 9 * * ?");
        await page.FillAsync("#timeZone", "Mars/Olympus");
        await Expect(page.Locator("#error-timeZone")).ToHaveTextAsync(
            "timeZone 'Mars/Olympus' is invalid: expected an IANA time zone id such as Europe/Berlin or UTC");
        await Expect(page.Locator("#error-timeExpression")).ToBeEmptyAsync();
        await page.FillAsync("#timeZone", "Asia/Tokyo");
        var times = page.Locator("#preview li");
        await Expect(times).ToHaveCountAsync(5);
        await Expect(page.Locator("#error-timeExpression")).ToBeEmptyAsync();
        await Expect(page.Locator("#error-timeZone")).ToBeEmptyAsync();
        await Expect(page.Locator("#preview-title")).ToHaveTextAsync("Next fire times (Asia/Tokyo)");
        foreach (var time in await times.AllTextContentsAsync()) Assert.Matches(@"^\d{4}-\d\d-\d\d 09:30:00 \+09:00$", time);
        await ScreenshotAsync(page, "job-form");

        await page.ClickAsync("#save-job");
        await Expect(page).ToHaveURLAsync(new Regex("/console/jobs$"));
        await Expect(page.Locator(".flash")).ToContainTextAsync("'nightly-report' saved");
        var row = page.Locator("tr[data-job-name='nightly-report']");
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("CRON");
        await Expect(row.Locator("td").Nth(5)).ToContainTextAsync("0 30 9 * * ? Asia/Tokyo");
        await Expect(row.Locator(".next-fires div")).ToHaveCountAsync(3);
        await Expect(row.Locator(".enabled-state")).ToHaveTextAsync("enabled");
    }

    [BrowserFact]
    public async Task A_job_is_disabled_enabled_and_deleted_from_the_list()
    {
        var jobId = await SaveJobAsync("echo", type: "FIXED_RATE", expression: "60000");
        var page = await SignedInAsync();
        await page.GotoAsync("/console/jobs");
        var row = page.Locator($"tr[data-job-id='{jobId}']");
        await Expect(row.Locator(".next-fires div")).ToHaveCountAsync(3);

        await row.Locator("button.toggle").ClickAsync();
        await Expect(row.Locator(".enabled-state")).ToHaveTextAsync("disabled");
        await Expect(row.Locator(".next-fires")).ToHaveTextAsync("disabled");
        Assert.Equal(2, (await Api.FormAsync("/openApi/fetchJob", ("appId", AppId), ("jobId", jobId))).Data.GetProperty("status").GetInt32());

        await row.Locator("button.toggle").ClickAsync();
        await Expect(row.Locator(".enabled-state")).ToHaveTextAsync("enabled");

        await row.Locator("button.delete").ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync($"job {jobId} deleted");
        await Expect(page.Locator("#no-jobs")).ToBeVisibleAsync();
    }
}
