using System.Collections.Concurrent;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Auth;

/// <summary>
/// The apps this server checked access tokens against, so a busy client's calls do not each read their app. An entry is
/// used for at most <see cref="MaxAge"/>; a password change made through this server drops it at once, one made through
/// another server is seen here within <see cref="MaxAge"/>.
/// </summary>
public sealed class AppCache(IPowerJobStore store, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<long, (AppRecord App, DateTimeOffset ReadAt)> _apps = new();

    public async ValueTask<AppRecord?> FindAsync(long appId, CancellationToken ct)
    {
        if (_apps.TryGetValue(appId, out var entry) && time.GetUtcNow() - entry.ReadAt < MaxAge) return entry.App;
        var app = await store.FindAppAsync(appId, ct);
        if (app is null) _apps.TryRemove(appId, out _);
        else
        {
            if (_apps.Count >= MaxEntries) _apps.Clear();
            _apps[appId] = (app, time.GetUtcNow());
        }
        return app;
    }

    public void Forget(long appId) => _apps.TryRemove(appId, out _);
}
