using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The embedded default store for a single server. Reads use pooled connections; every write goes through one
/// <see cref="BatchWriter"/>, which commits the writes waiting at the same time in one transaction (WAL lets the reads
/// run beside it). Dispose the store to run the writes still queued and close the write connection.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    public const string DefaultConnectionString = "Data Source=powerjob.db";
    // The writer waits this long only for other connections to the file: another server's store, a migration.
    private const int BusyTimeoutMs = 5_000;

    private readonly string _connectionString;

    public SqliteStore(string connectionString = DefaultConnectionString, TimeProvider? timeProvider = null) : base(timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
    }

    protected override string Dialect => "Sqlite";

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    // The journal mode is stored in the database file, so setting it once at migration covers every later connection.
    protected override Task BeforeMigrateAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));

    protected override string NullSafeEquals(string column, string parameter) => $"{column} IS {parameter}";

    // SQLITE_PROTOCOL: connections opening a new file together, while one of them switches it to WAL, can lose the race
    // for the WAL index; the migration's transaction was rolled back.
    protected override bool IsTransientMigrationFailure(Exception exception) => exception is SqliteException { SqliteErrorCode: 15 };

    private protected override Task<DbConnection> OpenWriteConnectionAsync() => Task.FromResult<DbConnection>(OpenWriteConnection());

    // Not pooled: the writer keeps it open, and disposing the store should release the file.
    private SqliteConnection OpenWriteConnection()
    {
        var builder = new SqliteConnectionStringBuilder(_connectionString) { ForeignKeys = true, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = NORMAL;";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
