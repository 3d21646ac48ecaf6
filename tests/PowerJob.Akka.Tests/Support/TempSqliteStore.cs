using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Support;

/// <summary>A migrated SQLite store in a throw-away file with one app registered; deleted with its WAL files on dispose.</summary>
internal sealed class TempSqliteStore(string appName) : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pj-{appName}-{Guid.NewGuid():N}.db");
    private SqliteStore? _store;
    private byte[] _workerKey = [];

    public SqliteStore Store => _store ?? throw new InvalidOperationException("call InitializeAsync first");
    public long AppId { get; private set; }

    public async Task InitializeAsync()
    {
        _store = new SqliteStore($"Data Source={_file}");
        await _store.MigrateAsync();
        var app = await _store.SaveAppAsync(appName, PasswordHasher.Hash("secret"));
        AppId = app.Id;
        PasswordHasher.TryParse(app.PasswordHash, out _, out _, out _, out var hash);
        _workerKey = Auth.WorkerKey.FromStoredHash(hash);
    }

    /// <summary>The heartbeat signed as a worker holding the app's password would sign it, at <paramref name="now"/>.</summary>
    public Messages.WorkerHeartbeat Signed(Messages.WorkerHeartbeat heartbeat, DateTimeOffset now) =>
        Auth.WorkerKey.Signed(heartbeat with { HeartbeatTime = now.ToUnixTimeMilliseconds() }, _workerKey);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }
}
