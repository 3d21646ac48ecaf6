using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The one writer of a <see cref="SqliteStore"/>. SQLite runs one write transaction at a time, and writers that find
/// it busy sleep and retry; so instead every write is queued here and run on one long-lived connection, all that are
/// waiting (up to <see cref="MaxBatch"/>) in one transaction. Each write runs inside its own savepoint, so one that
/// fails rolls back alone and only its caller sees the exception. Writes run in the order they were queued, and
/// callers' tasks complete, in that order, once the transaction has committed. The statements run for every write (the
/// savepoints, and those the store asks for through <see cref="ReusedStatement"/>) are commands kept on the connection.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    public const int MaxBatch = 256;
    // Not SqliteTransaction.Save/Release/Rollback(name): each of those makes a new command, prepared anew, on every call.
    private const string SaveSql = "SAVEPOINT pj_write";
    private const string ReleaseSql = "RELEASE SAVEPOINT pj_write";
    private const string RollbackSql = "ROLLBACK TO SAVEPOINT pj_write";

    private readonly Func<SqliteConnection> _open;
    private readonly Channel<PendingWrite> _queue =
        Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private SqliteConnection? _connection;
    private CommandCache? _commands;
    private long _transactions;

    /// <param name="open">Opens and prepares the write connection; called on the first write and after a failed batch.</param>
    public SqliteWriter(Func<SqliteConnection> open)
    {
        _open = open;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Write transactions committed so far.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    public Task<T> WriteAsync<T>(StoreWrite<T> write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending)) pending.Fail(new ObjectDisposedException(nameof(SqliteStore)));
        return pending.Task;
    }

    /// <summary>
    /// Inside a write: a run of <paramref name="sql"/> with the command kept for it on <paramref name="connection"/>, the
    /// writer's; null for any other connection.
    /// </summary>
    public Statement? ReusedStatement(DbConnection connection, DbTransaction? transaction, string sql) =>
        _commands is { } commands && ReferenceEquals(connection, commands.Connection)
            ? Statement.Reusing(commands.Command(sql, transaction))
            : null;

    /// <summary>Refuses further writes, runs those already queued and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
                    if (!write.Finished) batch.Add(write);
                if (batch.Count > 0) await CommitAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        finally
        {
            CloseConnection();
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        SqliteTransaction? tx = null;
        try
        {
            var (connection, commands) = OpenConnection();
            tx = connection.BeginTransaction();
            var save = commands.Command(SaveSql, tx);
            var release = commands.Command(ReleaseSql, tx);
            var rollback = commands.Command(RollbackSql, tx);
            foreach (var write in batch)
            {
                if (write.Finished) continue;
                save.ExecuteNonQuery();
                try
                {
                    await write.RunAsync(connection, tx).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    rollback.ExecuteNonQuery();
                    write.Reject(e);
                }
                release.ExecuteNonQuery();
            }
            tx.Commit();
            tx.Dispose();
        }
        catch (Exception e)
        {
            foreach (var write in batch) write.Fail(e);
            Discard(tx);
            CloseConnection();
            return;
        }
        Interlocked.Increment(ref _transactions);
        foreach (var write in batch) write.Complete();
    }

    // After a failure the connection may be in any state, so it is closed and the next batch opens a new one; what is
    // left of the transaction is rolled back on the way, and an error doing so changes nothing.
    private static void Discard(IDisposable? disposable)
    {
        try
        {
            disposable?.Dispose();
        }
        catch (SqliteException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private (SqliteConnection, CommandCache) OpenConnection()
    {
        if (_connection is null || _commands is null)
        {
            _connection = _open();
            _commands = new CommandCache(_connection);
        }
        return (_connection, _commands);
    }

    // The kept commands belong to this connection: they are disposed with it, first, while it is still open, and the
    // next connection gets commands of its own.
    private void CloseConnection()
    {
        Discard(_commands);
        _commands = null;
        Discard(_connection);
        _connection = null;
    }
}
