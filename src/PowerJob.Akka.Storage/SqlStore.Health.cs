using Dapper;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    // A write that changes nothing but still needs what every write needs: a connection (PostgreSQL up) and the
    // database's write lock (SQLite not locked by another process, the file writable). It goes the way every write goes,
    // so it queues behind the writes already waiting.
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx, ct) =>
        {
            await c.ExecuteAsync(Cmd("UPDATE schema_version SET applied_at = applied_at WHERE version < 0", null, tx, ct)).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
