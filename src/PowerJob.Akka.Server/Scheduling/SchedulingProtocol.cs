namespace PowerJob.Akka.Server.Scheduling;

/// <summary>A job was saved, enabled, disabled or deleted: its app's scheduler reloads it.</summary>
public sealed record JobChanged(long AppId, long JobId);

/// <summary>A new app was registered; its scheduler starts if this server owns it.</summary>
public sealed record AppRegistered(long AppId, string AppName);

/// <summary>The set of apps this server owns may have changed.</summary>
public sealed class OwnershipChanged
{
    public static readonly OwnershipChanged Instance = new();
    private OwnershipChanged() { }
}
