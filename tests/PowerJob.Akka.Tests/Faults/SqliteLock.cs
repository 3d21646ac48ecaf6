using Microsoft.Data.Sqlite;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>
/// Takes a SQLite file away from its server the way another process would: an open write transaction
/// (<c>BEGIN EXCLUSIVE</c>) held until disposed. The server's writes wait out their busy timeout and fail with
/// "database is locked"; reads go on (WAL).
/// </summary>
public sealed class SqliteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    private SqliteLock(SqliteConnection connection) => _connection = connection;

    public static async Task<SqliteLock> TakeAsync(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 30000;";
            await pragma.ExecuteNonQueryAsync();
        }
        var held = new SqliteLock(connection);
        held._transaction = connection.BeginTransaction(deferred: false);
        // BeginTransaction(deferred: false) is BEGIN IMMEDIATE: the write lock, which is what the server's writer needs.
        return held;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        await _connection.DisposeAsync();
    }
}
