using Npgsql;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Tests.Storage;
using static Microsoft.Playwright.Assertions;

namespace PowerJob.Akka.Tests.WebConsole;

/// <summary>A server on PostgreSQL reached through a proxy the test cuts: the console must say the store is unreachable.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StoreUnreachableSpecs(ChromiumBrowser chromium) : ConsoleFixture(chromium)
{
    private readonly PostgresTestDatabase? _database = PostgresTestDatabase.ServerConnectionString is null ? null : new PostgresTestDatabase();
    private CuttableTcpProxy? _proxy;
    private string _connectionString = "";

    protected override ServerOptions ServerOptions() => base.ServerOptions() with
    {
        StorageProvider = StorageProvider.Postgres,
        ConnectionString = _connectionString,
    };

    public override async Task InitializeAsync()
    {
        if (_database is null || !File.Exists(BrowserFactAttribute.ChromiumPath)) return;
        await _database.CreateAsync();
        var target = new NpgsqlConnectionStringBuilder(_database.NewConnectionString());
        _proxy = CuttableTcpProxy.Start(target.Host!, target.Port);
        _connectionString = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port, Timeout = 3 }
            .ConnectionString;
        await base.InitializeAsync();
    }

    [BrowserPostgresFact]
    public async Task A_server_that_cannot_reach_its_store_shows_a_clear_page_without_a_stack_trace()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/console/jobs");
        await Expect(page.Locator("#no-jobs")).ToBeVisibleAsync();

        _proxy!.Cut();
        var response = await page.GotoAsync("/console/jobs");
        Assert.Equal(500, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("The store is unreachable");
        await Expect(page.Locator("#error-message")).ToContainTextAsync("This server cannot reach its store (the database)");
        var html = await page.ContentAsync();
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain(" at PowerJob", html);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_database is not null) await _database.DropAsync();
    }
}

/// <summary>A browser test that also needs PostgreSQL; skipped, with the reason, when either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserPostgresFactAttribute : FactAttribute
{
    public BrowserPostgresFactAttribute()
    {
        Skip = new BrowserFactAttribute().Skip ?? PostgresTestDatabase.SkipReason;
    }
}
