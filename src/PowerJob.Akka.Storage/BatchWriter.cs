using System.Data;
using System.Data.Common;
using System.Threading.Channels;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The one writer of a store: every write is queued here and run on one long-lived connection, all that are waiting (up
/// to <see cref="MaxBatch"/>) in one transaction, so a burst of writes costs one commit instead of one each. A write that
/// fails rolls back alone (each write then runs inside its own savepoint) and only its caller sees the exception. Writes run
/// in the order they were queued, and callers' tasks complete, in that order, once the transaction has committed. If the
/// connection is lost, or the transaction cannot commit, every write of the batch fails and the next batch opens a new
/// connection. A batch runs without savepoints first, and again with them only if one of its writes failed. The
/// statements run for every write (the savepoints, and those the store asks for through <see cref="ReusedStatement"/>)
/// are commands kept on the connection.
/// </summary>
internal sealed class BatchWriter : IAsyncDisposable
{
    public const int DefaultMaxBatch = 256;
    // Not DbTransaction.Save/Release/Rollback(name): each of those makes a new command on every call. The savepoint of
    // one write is released in the same round trip that sets the next one's, and the last one with the commit.
    private const string SaveSql = "SAVEPOINT pj_write";
    private const string ReleaseAndSaveSql = "RELEASE SAVEPOINT pj_write; SAVEPOINT pj_write";
    private const string RollbackSql = "ROLLBACK TO SAVEPOINT pj_write";

    private readonly Func<Task<DbConnection>> _open;
    private readonly Func<Exception, bool> _losesConnection;
    private readonly Action? _rolledBack;
    private readonly Channel<PendingWrite> _queue =
        Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private DbConnection? _connection;
    private CommandCache? _commands;
    private long _transactions;

    /// <param name="open">Opens and prepares the write connection; called on the first write and after a failed batch.</param>
    /// <param name="losesConnection">
    /// True for an exception that leaves the connection unusable even though it still reports itself open: it fails the
    /// whole batch instead of only the write that threw it.
    /// </param>
    /// <param name="rolledBack">Called after a failed write has been rolled back to its savepoint.</param>
    /// <param name="maxBatch">The most writes one transaction runs.</param>
    public BatchWriter(Func<Task<DbConnection>> open, Func<Exception, bool>? losesConnection = null, Action? rolledBack = null,
        int maxBatch = DefaultMaxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        MaxBatch = maxBatch;
        _open = open;
        _losesConnection = losesConnection ?? (static _ => false);
        _rolledBack = rolledBack;
        _loop = Task.Run(RunAsync);
    }

    /// <param name="open">Opens and prepares the write connection; called on the first write and after a failed batch.</param>
    public BatchWriter(Func<DbConnection> open, Action? rolledBack = null)
        : this(() => Task.FromResult(open()), rolledBack: rolledBack)
    {
    }

    /// <summary>The most writes one transaction runs.</summary>
    public int MaxBatch { get; }

    /// <summary>Write transactions committed so far.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    public Task<T> WriteAsync<T>(StoreWrite<T> write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending)) pending.Fail(new ObjectDisposedException(nameof(SqlStore)));
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
            await CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        DbTransaction? tx = null;
        try
        {
            // A savepoint per write costs a round trip per write, and almost every batch has no failing write: a batch
            // runs without them first and, only if one of its writes fails, is rolled back and runs again with them.
            var (connection, commands) = await OpenConnectionAsync().ConfigureAwait(false);
            tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
            if (!await RunWritesAsync(batch, connection, commands, tx, savepoints: false).ConfigureAwait(false))
            {
                await tx.RollbackAsync().ConfigureAwait(false);
                await tx.DisposeAsync().ConfigureAwait(false);
                tx = null;
                tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await RunWritesAsync(batch, connection, commands, tx, savepoints: true).ConfigureAwait(false);
            }
            await tx.CommitAsync().ConfigureAwait(false);
            await tx.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var write in batch) write.Fail(e);
            await DiscardAsync(tx).ConfigureAwait(false);
            await CloseConnectionAsync().ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _transactions);
        foreach (var write in batch) write.Complete();
    }

    /// <summary>
    /// Runs the batch's writes in <paramref name="tx"/>. Without <paramref name="savepoints"/>, false as soon as one fails (the
    /// transaction must then be rolled back); with them, a write that fails is rolled back to its savepoint and rejected alone.
    /// </summary>
    private async Task<bool> RunWritesAsync(List<PendingWrite> batch, DbConnection connection, CommandCache commands, DbTransaction tx,
        bool savepoints)
    {
        var save = savepoints ? commands.Command(SaveSql, tx) : null;
        var releaseAndSave = savepoints ? commands.Command(ReleaseAndSaveSql, tx) : null;
        var rollback = savepoints ? commands.Command(RollbackSql, tx) : null;
        var saved = false;
        foreach (var write in batch)
        {
            if (write.Finished) continue;
            if (savepoints)
            {
                await (saved ? releaseAndSave! : save!).ExecuteNonQueryAsync().ConfigureAwait(false);
                saved = true;
            }
            try
            {
                await write.RunAsync(connection, tx).ConfigureAwait(false);
            }
            catch (Exception e) when (connection.State == ConnectionState.Open && !_losesConnection(e))
            {
                if (!savepoints) return false;
                await rollback!.ExecuteNonQueryAsync().ConfigureAwait(false);
                _rolledBack?.Invoke();
                write.Reject(e);
            }
        }
        return true;
    }

    // After a failure the connection may be in any state, so it is closed and the next batch opens a new one; what is
    // left of the transaction is rolled back on the way, and an error doing so changes nothing.
    private static async ValueTask DiscardAsync(IAsyncDisposable? disposable)
    {
        try
        {
            if (disposable is not null) await disposable.DisposeAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }
    }

    private async Task<(DbConnection, CommandCache)> OpenConnectionAsync()
    {
        if (_connection is null || _commands is null)
        {
            _connection = await _open().ConfigureAwait(false);
            _commands = new CommandCache(_connection);
        }
        return (_connection, _commands);
    }

    // The kept commands belong to this connection: they are disposed with it, first, while it is still open, and the
    // next connection gets commands of its own.
    private async Task CloseConnectionAsync()
    {
        await DiscardAsync(_commands).ConfigureAwait(false);
        _commands = null;
        await DiscardAsync(_connection).ConfigureAwait(false);
        _connection = null;
    }
}
