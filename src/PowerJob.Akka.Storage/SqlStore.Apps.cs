using Dapper;

namespace PowerJob.Akka.Storage;

public abstract partial class SqlStore
{
    private static readonly SqlTable Apps = new("app_info", "id", ["app_name", "password_hash", "created_at"]);

    public Task<AppRecord> SaveAppAsync(string appName, string passwordHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        var row = new AppRow { AppName = appName, PasswordHash = passwordHash, CreatedAt = UnixMs.From(Clock.GetUtcNow()) };
        return WriteAsync(async (c, tx, ct) =>
        {
            await c.ExecuteAsync(Cmd(
                Apps.Insert() + " ON CONFLICT (app_name) DO UPDATE SET password_hash = excluded.password_hash",
                row, tx, ct)).ConfigureAwait(false);
            var saved = await c.QuerySingleAsync<AppRow>(Cmd(
                $"SELECT {Apps.Select} FROM app_info WHERE app_name = @AppName", row, tx, ct)).ConfigureAwait(false);
            return saved.ToRecord();
        }, cancellationToken);
    }

    public Task<AppRecord?> InsertAppAsync(string appName, string passwordHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        var row = new AppRow { AppName = appName, PasswordHash = passwordHash, CreatedAt = UnixMs.From(Clock.GetUtcNow()) };
        return WriteAsync(async (c, tx, ct) =>
        {
            var inserted = await c.ExecuteAsync(Cmd(Apps.Insert() + " ON CONFLICT (app_name) DO NOTHING", row, tx, ct)).ConfigureAwait(false);
            if (inserted == 0) return null;
            var saved = await c.QuerySingleAsync<AppRow>(Cmd(
                $"SELECT {Apps.Select} FROM app_info WHERE app_name = @AppName", row, tx, ct)).ConfigureAwait(false);
            return saved.ToRecord();
        }, cancellationToken);
    }

    public Task<bool> ChangeAppPasswordAsync(long appId, string expectedHash, string newHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newHash);
        return WriteAsync(async (c, tx, ct) => await c.ExecuteAsync(Cmd(
                "UPDATE app_info SET password_hash = @NewHash WHERE id = @AppId AND password_hash = @ExpectedHash",
                new { AppId = appId, ExpectedHash = expectedHash, NewHash = newHash }, tx, ct)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public Task<AppRecord?> FindAppAsync(long id, CancellationToken cancellationToken = default) =>
        FindAppWhereAsync("id = @Id", new { Id = id }, cancellationToken);

    public Task<AppRecord?> FindAppByNameAsync(string name, CancellationToken cancellationToken = default) =>
        FindAppWhereAsync("app_name = @Name", new { Name = name }, cancellationToken);

    public Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken cancellationToken = default) =>
        QueryListAsync<AppRow, AppRecord>($"SELECT {Apps.Select} FROM app_info ORDER BY id", null, r => r.ToRecord(), cancellationToken);

    private Task<AppRecord?> FindAppWhereAsync(string condition, object param, CancellationToken cancellationToken) =>
        WithConnectionAsync(async c =>
            (await c.QuerySingleOrDefaultAsync<AppRow>(Cmd($"SELECT {Apps.Select} FROM app_info WHERE {condition}", param, null,
                cancellationToken)).ConfigureAwait(false))?.ToRecord(),
            cancellationToken);
}
