namespace PowerJob.Akka.Storage;

/// <summary>
/// One batch of a retention cleanup: finished instances of <see cref="AppId"/> that finished before
/// <see cref="FinishedBefore"/>, at most <see cref="Limit"/> of them, oldest first. With <see cref="JobId"/> only that
/// job's; without it only those whose job no longer exists (a deleted job's history follows the server-wide retention).
/// </summary>
public sealed record InstanceCleanup(long AppId, long? JobId, DateTimeOffset FinishedBefore, int Limit);

/// <summary>Rows removed by one cleanup batch.</summary>
public sealed record CleanupCount(int Instances, int Transitions, int LogLines)
{
    public static readonly CleanupCount None = new(0, 0, 0);

    public CleanupCount Plus(CleanupCount other) =>
        new(Instances + other.Instances, Transitions + other.Transitions, LogLines + other.LogLines);
}
