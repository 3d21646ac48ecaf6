using System.Text.RegularExpressions;
using PowerJob.Akka.Tests.Cluster;
using PowerJob.Akka.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PowerJob.Akka.Tests.WebConsole;

/// <summary>The console of a server that does not own the app still shows and runs everything of it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClusterConsoleSpecs(ChromiumBrowser chromium) : IAsyncLifetime
{
    private readonly ServerClusterFixture _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task A_job_is_run_and_followed_to_SUCCEED_through_a_server_that_does_not_own_the_app()
    {
        await _cluster.StartAsync("AKKA,HTTP", "HTTP", count: 2);
        var appId = await _cluster.Nodes.RegisterAppAsync(_cluster.Servers[0], "billing", ConsoleFixture.Password);
        await _cluster.StartWorkerAsync("billing", "http");
        var owner = await _cluster.OwnerAsync("billing");
        var other = _cluster.Servers.Single(s => s != owner);
        var jobId = await new OpenApiClient(_cluster.Nodes.Http, other).SaveJobAsync(new { appId, jobName = "echo", processorInfo = "echo", jobParams = "job-" });

        await using var context = await ConsoleFixture.NewContextAsync(chromium, $"http://{other.WebAddress}");
        var page = await ConsoleFixture.NewPageAsync(context);
        await ConsoleFixture.SignInAsync(page, "billing", ConsoleFixture.Password);
        await Expect(page.Locator("#owner")).ToHaveTextAsync(owner.WebAddress);

        await page.GotoAsync("/console/jobs");
        var row = page.Locator($"tr[data-job-id='{jobId}']");
        await row.Locator("input[name=instanceParams]").FillAsync("via-another-server");
        await row.Locator("button.run-now").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/console/instances/\d+$"));
        await Expect(page.Locator("#status")).ToHaveTextAsync("SUCCEED", new() { Timeout = 30_000 });
        await Expect(page.Locator("#result")).ToHaveTextAsync("job-via-another-server");

        await page.GotoAsync("/console/cluster");
        await Expect(page.Locator("#members tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#members tbody tr", new() { HasText = "this server" }).Locator(".apps")).ToHaveTextAsync("");
        await Expect(page.Locator("#members tbody tr", new() { HasText = owner.WebAddress }).Locator(".apps")).ToHaveTextAsync("billing");
        await Expect(page.Locator("#ports")).ToContainTextAsync(other.WebAddress);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
