using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The embedded default store for a single server. Reads use pooled connections; every write goes through one
/// <see cref="BatchWriter"/>, which commits the writes waiting at the same time in one transaction (WAL lets the reads
/// run beside it). Dispose the store to run the writes still queued and close the write connection.
/// </summary>
public sealed class SqliteStore : SqlStore, IAsyncDisposable, IDisposable
{
    public const string DefaultConnectionString = "Data Source=powerjob.db";
    // The writer waits this long only for other connections to the file: another server's store, a migration.
    private const int BusyTimeoutMs = 5_000;

    private readonly string _connectionString;
    private readonly BatchWriter _writer;

    public SqliteStore(string connectionString = DefaultConnectionString, TimeProvider? timeProvider = null) : base(timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _writer = new BatchWriter(OpenWriteConnection, ForgetFences);
    }

    /// <summary>Write transactions committed so far by this store's writer.</summary>
    internal long WriteTransactions => _writer.Transactions;

    /// <summary>The most writes the writer commits in one transaction.</summary>
    internal int MaxWriteBatch => _writer.MaxBatch;

    protected override string Dialect => "Sqlite";

    private protected override bool WritesShareTransactions => true;

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    private protected override Task<T> WriteAsync<T>(StoreWrite<T> write, bool atomic, CancellationToken cancellationToken) =>
        _writer.WriteAsync(write, cancellationToken);

    // Every write runs on the writer's connection, which keeps a command per statement instead of making one per run.
    private protected override Statement StatementOn(DbConnection connection, DbTransaction? transaction, string sql) =>
        _writer.ReusedStatement(connection, transaction, sql) ?? base.StatementOn(connection, transaction, sql);

    // The journal mode is stored in the database file, so setting it once at migration covers every later connection.
    protected override Task BeforeMigrateAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));

    protected override string NullSafeEquals(string column, string parameter) => $"{column} IS {parameter}";

    // SQLITE_PROTOCOL: connections opening a new file together, while one of them switches it to WAL, can lose the race
    // for the WAL index; the migration's transaction was rolled back.
    protected override bool IsTransientMigrationFailure(Exception exception) => exception is SqliteException { SqliteErrorCode: 15 };

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    public void Dispose() => _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();

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
