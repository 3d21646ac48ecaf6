using Akka.Actor;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Instances;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// Listens to the <see cref="InstanceFinished"/> events a job's instances publish on the server. The server publishes
/// one once it has decided an instance's final status and its write to the store has completed (whether or not the
/// store took it), so the harness waits for these and then checks what the store holds. They also show anomalies:
/// the same instance finishing twice.
/// </summary>
public sealed class FinishedCounter : ReceiveActor
{
    public FinishedCounter(long jobId, FinishedEvents events)
    {
        Receive<InstanceFinished>(finished =>
        {
            if (finished.JobId == jobId) events.Add(finished.InstanceId, finished.Status);
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(InstanceFinished));
}

public sealed class FinishedEvents
{
    private readonly Dictionary<long, List<InstanceStatus>> _byInstance = new();

    public int Instances
    {
        get { lock (_byInstance) return _byInstance.Count; }
    }

    public void Add(long instanceId, InstanceStatus status)
    {
        lock (_byInstance)
        {
            if (!_byInstance.TryGetValue(instanceId, out var statuses)) _byInstance[instanceId] = statuses = [];
            statuses.Add(status);
        }
    }

    /// <summary>Instances with more than one finished event, and how many events said something other than SUCCEED.</summary>
    public (int Repeated, int NotSucceed) Anomalies()
    {
        lock (_byInstance)
            return (_byInstance.Values.Count(s => s.Count > 1), _byInstance.Values.Sum(s => s.Count(x => x != InstanceStatus.Succeed)));
    }
}
