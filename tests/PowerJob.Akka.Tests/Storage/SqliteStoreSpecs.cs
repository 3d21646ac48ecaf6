using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>The store specs on a temporary SQLite file per test.</summary>
public sealed partial class SqliteStoreSpecs : StoreSpecs
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"powerjob-test-{Guid.NewGuid():N}.db");
    private readonly List<SqliteStore> _stores = [];
    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path }.ToString();

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override async Task DropDatabaseAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        using (var connection = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(connection);
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }

    protected override IPowerJobStore NewStore()
    {
        var store = new SqliteStore(ConnectionString, Clock);
        lock (_stores) _stores.Add(store);
        return store;
    }

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override long WriteTransactions => ((SqliteStore)Store).WriteTransactions;

    protected override int MaxWriteBatch => ((SqliteStore)Store).MaxWriteBatch;

    // A write transaction of its own (Microsoft.Data.Sqlite begins IMMEDIATE): SQLite has one writer at a time.
    protected override async Task<DbTransaction> HoldWritesAsync(DbConnection raw) => await raw.BeginTransactionAsync();

    protected override bool IsConstraintViolation(DbException exception) => exception is SqliteException { SqliteErrorCode: 19 };

    protected override Task RefuseTransitionsNotedAsync(DbConnection raw, string note) =>
        raw.ExecuteAsync($"CREATE TRIGGER refuse_note BEFORE INSERT ON instance_transition WHEN NEW.note = '{note}' " +
                         "BEGIN SELECT RAISE(ABORT, 'refused'); END");

    [Fact]
    public async Task The_database_runs_in_WAL_mode()
    {
        await using var raw = await OpenRawAsync();
        Assert.Equal("wal", await raw.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Concurrent_migrations_of_a_new_file_succeed()
    {
        File.Delete(_path);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => NewStore().MigrateAsync())));

        await using var raw = await OpenRawAsync();
        Assert.Equal((long)Migration.Load("Sqlite").Count, await raw.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal("wal", await raw.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }
}
