namespace PowerJob.Akka.Model;

/// <summary>How an instance runs, with PowerJob's codes.</summary>
public enum ExecuteType
{
    Standalone = 1,
    Broadcast = 2,
    MapReduce = 3,
    Map = 4,
}
