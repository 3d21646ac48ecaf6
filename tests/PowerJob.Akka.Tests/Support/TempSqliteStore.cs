using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Support;

/// <summary>A migrated SQLite store in a throw-away file with one app registered; deleted with its WAL files on dispose.</summary>
internal sealed class TempSqliteStore(string appName) : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pj-{appName}-{Guid.NewGuid():N}.db");
    private SqliteStore? _store;

    public SqliteStore Store => _store ?? throw new InvalidOperationException("call InitializeAsync first");
    public long AppId { get; private set; }

    public async Task InitializeAsync()
    {
        _store = new SqliteStore($"Data Source={_file}");
        await _store.MigrateAsync();
        AppId = (await _store.SaveAppAsync(appName, "hash")).Id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }
}
