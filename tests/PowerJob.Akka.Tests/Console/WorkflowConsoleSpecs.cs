using System.Text.RegularExpressions;
using PowerJob.Akka.Tests.Workflows;
using static Microsoft.Playwright.Assertions;

namespace PowerJob.Akka.Tests.WebConsole;

[Collection(BrowserCollection.Name)]
public sealed class WorkflowConsoleSpecs(ChromiumBrowser chromium) : ConsoleFixture(chromium)
{
    protected override void AddProcessors(IServiceCollection services) => services.AddWorkflowTestProcessors();

    private async Task<long> SaveDiamondAsync()
    {
        var (a, b, c, d) = (await SaveJobAsync("echo", type: "WORKFLOW"), await SaveJobAsync("wf-write", type: "WORKFLOW"),
            await SaveJobAsync("wf-write", type: "WORKFLOW"), await SaveJobAsync("wf-read", type: "WORKFLOW"));
        var reply = await Api.JsonAsync("/openApi/saveWorkflow", new
        {
            appId = AppId, wfName = "nightly-diamond", wfDescription = "A, then B and C side by side, then D",
            dag = new
            {
                nodes = new object[]
                {
                    new { nodeId = 1, jobId = a, nodeName = "A", nodeParams = "a" },
                    new { nodeId = 2, jobId = b, nodeName = "B", nodeParams = "fromB" },
                    new { nodeId = 3, jobId = c, nodeName = "C", nodeParams = "fromC", skipWhenFailed = true },
                    new { nodeId = 4, jobId = d, nodeName = "D" },
                },
                edges = new object[] { new { from = 1, to = 2 }, new { from = 1, to = 3 }, new { from = 2, to = 4 }, new { from = 3, to = 4 } },
            },
        });
        Assert.True(reply.Success, reply.Message);
        return reply.Data.GetInt64();
    }

    [BrowserFact]
    public async Task A_diamond_is_drawn_in_three_columns_run_from_the_list_and_its_instance_shows_every_node_SUCCEED_with_its_job_instance()
    {
        var workflowId = await SaveDiamondAsync();
        var page = await SignedInAsync();
        await page.ClickAsync("#nav-workflows");
        var row = page.Locator($"tr[data-workflow-id='{workflowId}']");
        await Expect(row.Locator(".node-count")).ToHaveTextAsync("4");
        await Expect(row.Locator(".enabled-state")).ToHaveTextAsync("enabled");

        await row.Locator("a", new() { HasText = "nightly-diamond" }).ClickAsync();
        await Expect(page.Locator("#dag .dag-node")).ToHaveCountAsync(4);
        await Expect(page.Locator("#dag .dag-edge")).ToHaveCountAsync(4);
        await Expect(page.Locator("#edges li")).ToHaveTextAsync(["A (1) → B (2)", "A (1) → C (3)", "B (2) → D (4)", "C (3) → D (4)"]);
        async Task<double> X(long node) => double.Parse((await page.Locator($"#dag g[data-node-id='{node}'] rect").GetAttributeAsync("x"))!,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await X(1) < await X(2) && await X(2) == await X(3) && await X(3) < await X(4), "the diamond is not in three columns A | B C | D");
        await Expect(page.Locator("#nodes tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#nodes tr[data-node-id='3']")).ToContainTextAsync("fromC");
        await Expect(page.Locator("#no-instances")).ToBeVisibleAsync();

        await page.ClickAsync("#nav-workflows");
        await row.Locator("input[name=initParams]").FillAsync("go");
        await row.Locator("button.run-now").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/console/workflow-instances/\d+$"));
        var wfInstanceId = long.Parse(page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("#status")).ToHaveTextAsync("SUCCEED", new() { Timeout = 30_000 });
        await Expect(page.Locator("#nodes .node-status")).ToHaveTextAsync(["SUCCEED", "SUCCEED", "SUCCEED", "SUCCEED"]);
        await Expect(page.Locator("#dag .dag-node[data-status=SUCCEED]")).ToHaveCountAsync(4);
        await Expect(page.Locator("#dag .dag-edge")).ToHaveCountAsync(4);
        await Expect(page.Locator("#nodes tr[data-node-id='4'] .node-result")).ToHaveTextAsync("fromB=by-fromB;fromC=by-fromC;initParams=go");
        await Expect(page.Locator("#context")).ToContainTextAsync("\"fromC\": \"by-fromC\"");
        await Expect(page.Locator("#init-params")).ToHaveTextAsync("go");
        var links = page.Locator("#nodes a.node-instance");
        await Expect(links).ToHaveCountAsync(4);
        foreach (var href in await links.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
        {
            var instance = await Api.InstanceAsync(AppId, long.Parse(href.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(wfInstanceId, instance.GetProperty("wfInstanceId").GetInt64());
        }
        await ScreenshotAsync(page, "workflow-instance");

        await page.Locator("#nodes tr[data-node-id='4'] a.node-instance").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("SUCCEED");
        await Expect(page.Locator("#result")).ToHaveTextAsync("fromB=by-fromB;fromC=by-fromC;initParams=go");
        await page.ClickAsync("#workflow-instance");
        await page.ClickAsync("#workflow-link");
        await Expect(page.Locator($"#workflow-instances tr[data-wf-instance-id='{wfInstanceId}']")).ToContainTextAsync("SUCCEED");
        await ScreenshotAsync(page, "workflow");

        await page.ClickAsync("#nav-workflows");
        await row.Locator("button.toggle").ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync($"workflow {workflowId} disabled");
        await Expect(row.Locator(".enabled-state")).ToHaveTextAsync("disabled");
    }

    [BrowserFact]
    public async Task A_running_workflow_is_stopped_from_its_page_its_stopped_node_marked_as_success_and_a_retry_finishes_it()
    {
        var (pause, echo) = (await SaveJobAsync("pause", type: "WORKFLOW"), await SaveJobAsync("echo", type: "WORKFLOW"));
        var reply = await Api.JsonAsync("/openApi/saveWorkflow", new
        {
            appId = AppId, wfName = "slow-then-echo",
            dag = new
            {
                nodes = new object[] { new { nodeId = 1, jobId = pause, nodeName = "slow", nodeParams = "60000" }, new { nodeId = 2, jobId = echo, nodeName = "after" } },
                edges = new object[] { new { from = 1, to = 2 } },
            },
        });
        Assert.True(reply.Success, reply.Message);
        var page = await SignedInAsync();
        await page.GotoAsync("/console/workflows");
        await page.Locator($"tr[data-workflow-id='{reply.Data.GetInt64()}'] button.run-now").ClickAsync();

        await Expect(page.Locator("#nodes tr[data-node-id='1'] .node-status")).ToHaveTextAsync("RUNNING", new() { Timeout = 30_000 });
        await Expect(page.Locator("#following")).ToBeVisibleAsync();
        await page.ClickAsync("#stop");
        await Expect(page.Locator("#status")).ToHaveTextAsync("STOPPED", new() { Timeout = 30_000 });
        await Expect(page.Locator("#nodes .node-status")).ToHaveTextAsync(["STOPPED", "NOT_STARTED"]);
        await Expect(page.Locator("#dag .dag-node[data-status=STOPPED]")).ToHaveCountAsync(1);

        await page.Locator("#nodes tr[data-node-id='1'] button.mark-success").ClickAsync();
        await Expect(page.Locator(".flash")).ToContainTextAsync("node 1 marked as success");
        await Expect(page.Locator("#nodes tr[data-node-id='1'] .node-status")).ToHaveTextAsync("SUCCEED");
        await page.ClickAsync("#retry");
        await Expect(page.Locator(".flash")).ToContainTextAsync("retried");
        await Expect(page.Locator("#status")).ToHaveTextAsync("SUCCEED", new() { Timeout = 30_000 });
        await Expect(page.Locator("#nodes .node-status")).ToHaveTextAsync(["SUCCEED", "SUCCEED"]);
        await Expect(page.Locator("#nodes tr[data-node-id='2'] a.node-instance")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Unknown_workflow_and_workflow_instance_ids_get_a_clear_not_found_page()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/console/workflows");
        await Expect(page.Locator("#no-workflows")).ToBeVisibleAsync();

        var response = await page.GotoAsync("/console/workflows/987654");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Workflow 987654 is unknown");
        await Expect(page.Locator("#error-message")).ToContainTextAsync("There is no workflow 987654 in app 'billing'");

        response = await page.GotoAsync("/console/workflow-instances/987654");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Workflow instance 987654 is unknown");
        await Expect(page.Locator("#error-message")).ToContainTextAsync("There is no workflow instance 987654 in app 'billing'");
    }
}
