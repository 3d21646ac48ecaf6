using static Microsoft.Playwright.Assertions;

namespace PowerJob.Akka.Tests.WebConsole;

[Collection(BrowserCollection.Name)]
public sealed class WorkersAndClusterSpecs(ChromiumBrowser chromium) : ConsoleFixture(chromium)
{
    [BrowserFact]
    public async Task The_worker_is_listed_with_protocol_version_health_and_processors()
    {
        var address = (await Nodes.WorkersAsync(Server, AppId))[0].GetProperty("address").GetString()!;
        var page = await SignedInAsync();
        await page.GotoAsync("/console/workers");
        var row = page.Locator($"tr[data-worker='{address}']");
        await Expect(row.Locator(".protocol")).ToHaveTextAsync("HTTP");
        await Expect(row.Locator(".version")).ToContainTextAsync(PowerJob.Akka.Versioning.PowerJobVersion.Current);
        await Expect(row.Locator(".version")).ToContainTextAsync("PowerJob.Akka");
        await Expect(row.Locator(".alive")).ToHaveTextAsync("alive");
        await Expect(row.Locator(".metrics")).ToContainTextAsync("cores");
        await Expect(row.Locator(".processors")).ToContainTextAsync("echo, fails-first-run, pause, sleep, sum, whoami");
    }

    [BrowserFact]
    public async Task The_cluster_page_shows_this_server_owning_the_app_and_its_port_plan()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/console/cluster");
        var member = page.Locator("#members tbody tr");
        await Expect(member).ToHaveCountAsync(1);
        await Expect(member.Locator(".member-status")).ToHaveTextAsync("Up");
        await Expect(member.Locator(".apps")).ToHaveTextAsync("billing");
        await Expect(member).ToContainTextAsync("this server");
        await Expect(page.Locator("#ports")).ToContainTextAsync(Server.WebAddress);
        await Expect(page.Locator("#ports")).ToContainTextAsync($"127.0.0.1:{Server.Ports.ClusterPort}");
    }
}
