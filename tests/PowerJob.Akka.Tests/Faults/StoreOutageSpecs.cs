using System.Text.Json;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>Scenario 3: the store unavailable for a while under a CRON load; <c>/health</c> says so while it is.</summary>
public sealed class StoreOutageSpecs : FaultFixture
{
    [Fact]
    public async Task Health_reports_the_store_down_while_the_sqlite_file_is_locked_and_up_again_after()
    {
        var server = await StartSqliteServerAsync();
        Assert.Equal("UP", (await server.HealthAsync()).GetProperty("store").GetProperty("status").GetString());

        await using (await SqliteLock.TakeAsync(SqliteFile))
        {
            var down = await AwaitHealthAsync(server, "DOWN", TimeSpan.FromSeconds(10));
            Assert.Equal("DOWN", down.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(down.GetProperty("store").GetProperty("error").GetString()), down.ToString());
        }

        await AwaitHealthAsync(server, "UP", TimeSpan.FromSeconds(15));
    }

    private static async Task<JsonElement> AwaitHealthAsync(ServerProcess server, string storeStatus, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var health = await server.HealthAsync();
            if (health.GetProperty("store").GetProperty("status").GetString() == storeStatus) return health;
            if (cts.IsCancellationRequested)
                Assert.Fail($"/health did not report the store {storeStatus} within {timeout.TotalSeconds} s: {health}\n{server.Node.Output()}");
            await Task.Delay(100);
        }
    }
}

/// <summary>A scenario that needs a PostgreSQL server of its own: skipped only where no PostgreSQL binaries are installed.</summary>
public sealed class PostgresServerFactAttribute : FactAttribute
{
    public PostgresServerFactAttribute()
    {
        if (ThrowawayPostgres.FindBinaries() is null)
            Skip = "no PostgreSQL server binaries under /usr/lib/postgresql (CI installs them)";
    }
}
