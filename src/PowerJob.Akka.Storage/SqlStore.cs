using System.Data.Common;
using Dapper;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The Dapper implementation shared by <see cref="SqliteStore"/> and <see cref="PostgresStore"/>; they supply
/// connections, migration scripts and the few statements whose syntax differs. Reads use pooled connections; every write
/// is a <see cref="StoreWrite{T}"/> queued on the store's one <see cref="BatchWriter"/>, which runs the writes in order on
/// a connection of its own and commits those waiting at the same time in one transaction. Dispose the store to run the
/// writes still queued and close that connection.
/// </summary>
public abstract partial class SqlStore : IPowerJobStore, IAsyncDisposable, IDisposable
{
    private const int MigrationAttempts = 5;

    private readonly Lazy<IReadOnlyList<Migration>> _migrations;
    private readonly BatchWriter _writer;

    protected SqlStore(TimeProvider? timeProvider)
    {
        Clock = timeProvider ?? TimeProvider.System;
        _migrations = new(() => Migration.Load(Dialect));
        _writer = new BatchWriter(OpenWriteConnectionAsync, LosesConnection, ForgetFences, MaxWriteBatch);
    }

    protected TimeProvider Clock { get; }

    /// <summary>Folder of this database's scripts under <c>Migrations/</c>.</summary>
    protected abstract string Dialect { get; }

    /// <summary>A new, unopened connection for reads and migrations.</summary>
    protected abstract DbConnection CreateConnection();

    /// <summary>Runs before the migration transaction starts (for settings that cannot change inside one).</summary>
    protected virtual Task BeforeMigrateAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Serialises concurrent migrations; runs first inside the migration transaction.</summary>
    protected virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Turns an INSERT into a statement whose single scalar result is the new row's <paramref name="idColumn"/>.</summary>
    private static string InsertReturningId(string insertSql, string idColumn) => $"{insertSql} RETURNING {idColumn}";

    /// <summary>A condition that is true when <paramref name="column"/> equals <paramref name="parameter"/>, nulls included.</summary>
    protected abstract string NullSafeEquals(string column, string parameter);

    /// <summary>Opens and prepares the connection every write of this store runs on; called again after a failed batch.</summary>
    private protected abstract Task<DbConnection> OpenWriteConnectionAsync();

    /// <summary>
    /// True for an exception that leaves the write connection unusable though it still reports itself open: it fails
    /// the whole batch instead of only the write that threw it.
    /// </summary>
    private protected virtual bool LosesConnection(Exception exception) => false;

    /// <summary>The most writes the writer commits in one transaction.</summary>
    internal virtual int MaxWriteBatch => BatchWriter.DefaultMaxBatch;

    /// <summary>Write transactions committed so far by this store's writer.</summary>
    internal long WriteTransactions => _writer.Transactions;

    /// <summary>Queues a write on the store's one writer, which commits the writes waiting at the same time together.</summary>
    private protected Task<T> WriteAsync<T>(StoreWrite<T> write, CancellationToken cancellationToken) =>
        _writer.WriteAsync(write, cancellationToken);

    /// <summary>
    /// A run of <paramref name="sql"/> inside a write, binding its parameters by hand: for the statements every instance
    /// goes through. On the writer's connection it reuses the command kept there for the SQL.
    /// </summary>
    private protected Statement StatementOn(DbConnection connection, DbTransaction? transaction, string sql) =>
        _writer.ReusedStatement(connection, transaction, sql) ?? Statement.Once(connection, transaction, sql);

    /// <summary>Runs the writes still queued and closes the write connection.</summary>
    public virtual async ValueTask DisposeAsync() => await _writer.DisposeAsync().ConfigureAwait(false);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < MigrationAttempts && IsTransientMigrationFailure(e))
            {
            }
        }
    }

    /// <summary>True for a failure that rolled the migration back and that another try may not meet.</summary>
    protected virtual bool IsTransientMigrationFailure(Exception exception) => false;

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        var migrations = _migrations.Value;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await BeforeMigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockForMigrationAsync(connection, tx, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(Cmd(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            null, tx, cancellationToken)).ConfigureAwait(false);
        // Versions may have gaps and may be added below the highest applied one (parallel branches take numbers
        // ahead); every known version not yet applied runs, in order.
        var applied = (await connection.QueryAsync<long>(Cmd(
            "SELECT version FROM schema_version", null, tx, cancellationToken)).ConfigureAwait(false)).ToHashSet();
        var unknown = applied.Where(v => migrations.All(m => m.Version != v)).Order().ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException(
                $"the database schema has version(s) {string.Join(", ", unknown)} this build does not know (it knows up to {migrations[^1].Version}); it is newer than this build");
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(Cmd(migration.Sql, null, tx, cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(Cmd(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@Version, @Description, @AppliedAt)",
                new { migration.Version, migration.Description, AppliedAt = UnixMs.From(Clock.GetUtcNow()) },
                tx, cancellationToken)).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<TRecord>> QueryListAsync<TRow, TRecord>(string sql, object? param, Func<TRow, TRecord> map,
        CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<TRecord>>(async c =>
            (await c.QueryAsync<TRow>(Cmd(sql, param, null, cancellationToken)).ConfigureAwait(false)).Select(map).ToList(),
            cancellationToken);

    private static CommandDefinition Cmd(string sql, object? param, DbTransaction? tx, CancellationToken cancellationToken) =>
        new(sql, param, tx, cancellationToken: cancellationToken);
}
