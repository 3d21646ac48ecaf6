namespace PowerJob.Akka.Server.Scheduling;

/// <summary>The set of apps this server owns may have changed.</summary>
public sealed class OwnershipChanged
{
    public static readonly OwnershipChanged Instance = new();
    private OwnershipChanged() { }
}
