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
            var taken = await ExecuteChangedAsync("UPDATE app_info SET owner_epoch = @New WHERE id = @Id AND owner_epoch = @Expected",
                new { Id = appId, Expected = current, New = current + 1 }, cancellationToken).ConfigureAwait(false);
            if (taken) return new OwnerEpoch(appId, current + 1);
        }
        throw new InvalidOperationException($"could not take an owner epoch for app {appId}: it changed {EpochAttempts} times in a row");
    }

    /// <summary>Inside a write's transaction: throws <see cref="StaleOwnerEpochException"/> unless <paramref name="owner"/> is current.</summary>
    private async Task FenceAsync(DbConnection c, DbTransaction? tx, OwnerEpoch? owner, CancellationToken cancellationToken)
    {
        if (owner is null) return;
        var current = await c.ExecuteScalarAsync<long?>(Cmd($"SELECT owner_epoch FROM app_info WHERE id = @Id {ShareLock}",
            new { Id = owner.AppId }, tx, cancellationToken)).ConfigureAwait(false) ?? -1;
        if (current != owner.Epoch) throw new StaleOwnerEpochException(owner, current);
    }
}
