using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// The app's jobs as its instance manager last read them, so a runJob does not read its job from the store each time. A job
/// change told to the entity drops its entry; an entry is also dropped after <see cref="MaxAge"/>, which bounds how stale
/// a job changed some other way can be. Used from the actor's thread only.
/// </summary>
internal sealed class JobCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Dictionary<long, (JobRecord Job, DateTimeOffset ReadAt)> _jobs = new();

    /// <summary>Counts changes, so a read that started before a change is not cached after it.</summary>
    public long Version { get; private set; }

    public bool TryGet(long jobId, out JobRecord job)
    {
        if (_jobs.TryGetValue(jobId, out var entry) && time.GetUtcNow() - entry.ReadAt < MaxAge)
        {
            job = entry.Job;
            return true;
        }
        job = null!;
        return false;
    }

    /// <summary>Caches a job read when <see cref="Version"/> was <paramref name="readAtVersion"/> (the default: now).</summary>
    public void Put(JobRecord job, long? readAtVersion = null)
    {
        if (readAtVersion is { } version && version != Version) return;
        if (_jobs.Count >= 10_000) _jobs.Clear();
        _jobs[job.Id] = (job, time.GetUtcNow());
    }

    public void Changed(long jobId)
    {
        _jobs.Remove(jobId);
        Version++;
    }
}
