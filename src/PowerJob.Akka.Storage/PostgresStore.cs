using System.Data.Common;
using Dapper;
using Npgsql;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The shared store for a multi-server cluster. Reads use pooled connections; every write goes through one
/// <see cref="BatchWriter"/> on a connection of its own, which commits the writes waiting at the same time in one
/// transaction, so a server's writes run in the order they were made and cost one commit per batch instead of one each.
/// Dispose the store to run the writes still queued, close the write connection and the pool.
/// </summary>
public sealed class PostgresStore : SqlStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresStore(string connectionString, TimeProvider? timeProvider = null) : base(timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = PostgresConnectionString.WithAutoPrepare(connectionString);
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    // A batch that runs again after a failed write runs each write in a savepoint, a subtransaction; past 64 in one
    // transaction PostgreSQL's per-backend cache of subtransaction ids overflows and every session's snapshots fall back
    // to looking them up in pg_subtrans.
    internal const int MaxWritesPerTransaction = 64;

    internal override int MaxWriteBatch => MaxWritesPerTransaction;

    /// <summary>The connection string the store connects with: the one it was given, with the auto-prepare defaults.</summary>
    internal string ConnectionString { get; }

    protected override string Dialect => "Postgres";

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    // Servers starting together would otherwise race on CREATE TABLE; the lock is per schema and ends with the transaction.
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('powerjob.migrate:' || current_schema()))",
            transaction: transaction, cancellationToken: cancellationToken));

    protected override string ShareLock => "FOR SHARE";

    protected override string NullSafeEquals(string column, string parameter) => $"{column} IS NOT DISTINCT FROM {parameter}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private protected override async Task<DbConnection> OpenWriteConnectionAsync() =>
        await _dataSource.OpenConnectionAsync().ConfigureAwait(false);

    // A server error in a statement (a PostgresException: a deadlock, a constraint) leaves the connection usable, and
    // the write is rolled back to its savepoint; an I/O error or a timeout without the server's answer does not.
    private protected override bool LosesConnection(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } and not PostgresException;
}
