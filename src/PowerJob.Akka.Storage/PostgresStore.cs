using System.Data.Common;
using Dapper;
using Npgsql;

namespace PowerJob.Akka.Storage;

/// <summary>The shared store for a multi-server cluster.</summary>
public sealed class PostgresStore : SqlStore
{
    private readonly string _connectionString;

    public PostgresStore(string connectionString, TimeProvider? timeProvider = null) : base(timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
    }

    protected override string Dialect => "Postgres";

    protected override DbConnection CreateConnection() => new NpgsqlConnection(_connectionString);

    // Servers starting together would otherwise race on CREATE TABLE; the lock is per schema and ends with the transaction.
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('powerjob.migrate:' || current_schema()))",
            transaction: transaction, cancellationToken: cancellationToken));

    protected override string ShareLock => "FOR SHARE";

    protected override string NullSafeEquals(string column, string parameter) => $"{column} IS NOT DISTINCT FROM {parameter}";
}
