using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The embedded default store for a single server. Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE,
/// so a writer takes the lock up front and concurrent writers wait out the busy timeout rather than fail.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    public const string DefaultConnectionString = "Data Source=powerjob.db";
    private const int BusyTimeoutMs = 5_000;

    private readonly string _connectionString;

    public SqliteStore(string connectionString = DefaultConnectionString, TimeProvider? timeProvider = null) : base(timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
    }

    protected override string Dialect => "Sqlite";

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            cancellationToken: cancellationToken));

    // The journal mode is stored in the database file, so setting it once at migration covers every later connection.
    protected override Task BeforeMigrateAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));

    protected override string InsertReturningId(string insertSql, string idColumn) => insertSql + "; SELECT last_insert_rowid();";

    protected override string NullSafeEquals(string column, string parameter) => $"{column} IS {parameter}";
}
