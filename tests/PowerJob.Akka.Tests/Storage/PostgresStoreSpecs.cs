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
public sealed partial class PostgresStoreSpecs : StoreSpecs
{
    private readonly PostgresTestDatabase _database = new();
    private readonly List<PostgresStore> _stores = [];

    protected override Task CreateDatabaseAsync() => _database.CreateAsync();

    protected override async Task DropDatabaseAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await _database.DropAsync();
    }

    protected override IPowerJobStore NewStore() => NewStore(_database.NewConnectionString());

    private PostgresStore NewStore(string connectionString)
    {
        var store = new PostgresStore(connectionString, Clock);
        lock (_stores) _stores.Add(store);
        return store;
    }

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(_database.NewConnectionString());
        await connection.OpenAsync();
        return connection;
    }

    protected override long WriteTransactions => ((PostgresStore)Store).WriteTransactions;

    protected override int MaxWriteBatch => ((PostgresStore)Store).MaxWriteBatch;

    // Writes to app_info need a lock this one excludes; reads do not.
    protected override async Task<DbTransaction> HoldWritesAsync(DbConnection raw)
    {
        var tx = await raw.BeginTransactionAsync();
        await raw.ExecuteAsync("LOCK TABLE app_info IN EXCLUSIVE MODE", transaction: tx);
        return tx;
    }

    protected override bool IsConstraintViolation(DbException exception) =>
        exception is PostgresException { SqlState: var state } && state.StartsWith("23", StringComparison.Ordinal);

    protected override Task RefuseTransitionsNotedAsync(DbConnection raw, string note) =>
        raw.ExecuteAsync($"""
            CREATE FUNCTION refuse_note() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END $$;
            CREATE TRIGGER refuse_note BEFORE INSERT ON instance_transition
                FOR EACH ROW WHEN (NEW.note = '{note}') EXECUTE FUNCTION refuse_note();
            """);

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
