using Akka.Actor;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>Tells a change to the schedulers of every server in the cluster (over the cluster port), so the owner hears it wherever the call landed.</summary>
public sealed class SchedulerBroadcast(ActorSystem system, OwnershipViewHolder holder)
{
    public const string SchedulersName = "schedulers";

    public void Tell(IPowerJobWire change)
    {
        var self = global::Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        var members = holder.View?.Members ?? [self];
        foreach (var member in members.Contains(self) ? members : [.. members, self])
            system.ActorSelection($"{member}/user/{SchedulersName}").Tell(change);
    }
}
