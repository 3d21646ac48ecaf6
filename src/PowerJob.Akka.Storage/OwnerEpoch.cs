namespace PowerJob.Akka.Storage;

/// <summary>
/// The owner epoch an app's entity took when it started (<see cref="IPowerJobStore.TakeOwnerEpochAsync"/>). Writes
/// made with it succeed only while it is still the app's current epoch.
/// </summary>
public sealed record OwnerEpoch(long AppId, long Epoch)
{
    public override string ToString() => $"app {AppId} epoch {Epoch}";
}

/// <summary>A write was refused because a newer owner epoch of the app exists: another entity of the app has started.</summary>
public sealed class StaleOwnerEpochException(OwnerEpoch stale, long current)
    : Exception($"{stale} is stale: the app's current owner epoch is {current} (another server took the app over); the write was refused")
{
    public OwnerEpoch Stale { get; } = stale;
    public long Current { get; } = current;
}
