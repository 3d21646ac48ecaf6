using System.Data.Common;
using Dapper;
using Npgsql;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>
/// The store specs on PostgreSQL, each test in a schema of its own, dropped afterwards. Needs
/// POWERJOB_TEST_POSTGRES; without it every test here is reported as skipped.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresStoreSpecs : StoreSpecs
{
    private readonly PostgresTestDatabase _database = new();

    protected override Task CreateDatabaseAsync() => _database.CreateAsync();

    protected override Task DropDatabaseAsync() => _database.DropAsync();

    protected override IPowerJobStore NewStore() => new PostgresStore(_database.NewConnectionString(), Clock);

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(_database.NewConnectionString());
        await connection.OpenAsync();
        return connection;
    }

    [PostgresFact]
    public async Task Concurrent_migrations_of_a_new_schema_succeed()
    {
        await using (var raw = await OpenRawAsync())
            await raw.ExecuteAsync($"DROP SCHEMA {_database.Schema} CASCADE; CREATE SCHEMA {_database.Schema}");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => NewStore().MigrateAsync())));

        await using var check = await OpenRawAsync();
        Assert.Equal((long)Migration.Load("Postgres").Count, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [PostgresFact]
    public async Task Tables_live_in_the_test_schema()
    {
        await using var raw = await OpenRawAsync();
        var tables = await raw.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name",
            new { schema = _database.Schema });
        Assert.Equal(["app_info", "instance_info", "instance_log", "instance_transition", "job_info", "schema_version", "workflow_info",
            "workflow_instance_info", "workflow_node_info"], tables);
    }
}
