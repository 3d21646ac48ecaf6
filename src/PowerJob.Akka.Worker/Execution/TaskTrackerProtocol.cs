namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// A task tracker tells its <see cref="WorkerEndpointActor"/> that its run is over and reported; the endpoint stops
/// routing to it and sends it a PoisonPill.
/// </summary>
public sealed record TrackerFinished(long InstanceId, int Attempt);

/// <summary>A newer attempt of the instance arrived: cancel everything and stop without reporting.</summary>
public sealed class SupersedeRun
{
    public static readonly SupersedeRun Instance = new();
    private SupersedeRun() { }
}
