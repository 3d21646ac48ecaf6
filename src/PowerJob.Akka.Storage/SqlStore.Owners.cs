using System.Data.Common;
using Dapper;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    private const int EpochAttempts = 20;

    /// <summary>
    /// Locks the app's row against a concurrent epoch change until the transaction ends (Postgres: FOR SHARE; SQLite
    /// needs nothing, its write transactions are serialised).
    /// </summary>
    protected virtual string ShareLock => "";

    public async Task<OwnerEpoch> TakeOwnerEpochAsync(long appId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < EpochAttempts; attempt++)
        {
            var current = await WithConnectionAsync(c => c.ExecuteScalarAsync<long?>(Cmd(
                "SELECT owner_epoch FROM app_info WHERE id = @Id", new { Id = appId }, null, cancellationToken)), cancellationToken)
                .ConfigureAwait(false) ?? throw new InvalidOperationException($"app {appId} is not registered");
            var taken = await WriteAsync(async (c, tx, ct) =>
            {
                var changed = await c.ExecuteAsync(Cmd("UPDATE app_info SET owner_epoch = @New WHERE id = @Id AND owner_epoch = @Expected",
                    new { Id = appId, Expected = current, New = current + 1 }, tx, ct)).ConfigureAwait(false) > 0;
                _fenced.Remove(appId);
                return changed;
            }, cancellationToken).ConfigureAwait(false);
            if (taken) return new OwnerEpoch(appId, current + 1);
        }
        throw new InvalidOperationException($"could not take an owner epoch for app {appId}: it changed {EpochAttempts} times in a row");
    }

    // The epochs read in the write transaction _fencedIn. Writes run one at a time, many in one transaction, so an epoch
    // read once then holds for the rest of it, unless a write of that transaction takes a new one: on SQLite nothing
    // else can write meanwhile, on PostgreSQL the fence's row lock (FOR SHARE) keeps other servers from changing it.
    private readonly Dictionary<long, long> _fenced = new();
    private DbTransaction? _fencedIn;
    private string? _fenceSql;

    /// <summary>
    /// After a write was rolled back to its savepoint: the epochs read since may no longer hold, as on PostgreSQL the
    /// rollback also released the row locks the write's fence took; the next fence in the transaction reads them again.
    /// </summary>
    private protected void ForgetFences() => _fenced.Clear();

    /// <summary>Inside a write's transaction: throws <see cref="StaleOwnerEpochException"/> unless <paramref name="owner"/> is current.</summary>
    private async Task FenceAsync(DbConnection c, DbTransaction? tx, OwnerEpoch? owner, CancellationToken cancellationToken)
    {
        if (owner is null) return;
        var remember = tx is not null;
        if (remember && !ReferenceEquals(tx, _fencedIn))
        {
            _fencedIn = tx;
            _fenced.Clear();
        }
        if (!remember || !_fenced.TryGetValue(owner.AppId, out var current))
        {
            using (var select = StatementOn(c, tx, _fenceSql ??= $"SELECT owner_epoch FROM app_info WHERE id = @Id {ShareLock}"))
            {
                select.Set("@Id", owner.AppId);
                current = await select.ReadInt64Async(cancellationToken).ConfigureAwait(false) ?? -1;
            }
            if (remember) _fenced[owner.AppId] = current;
        }
        if (current != owner.Epoch) throw new StaleOwnerEpochException(owner, current);
    }
}
