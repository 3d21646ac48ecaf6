using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <param name="Workers">Makes and checks the attempts' dispatch tokens.</param>
/// <summary>What the instances of one app need, handed over as one immutable value; every write is fenced by <see cref="Owner"/>.</summary>
/// <param name="MaxActive">Active instances kept in memory beyond which a runJob is refused (<c>oms.instance.max-active-per-app</c>).</param>
public sealed record InstanceManagerSettings(
    OwnerEpoch Owner,
    string AppName,
    IPowerJobStore Store,
    TimeProvider Time,
    IActorRef WorkerRegistry,
    IActorRef ProtocolSelection,
    Func<Protocol, string?> ServerAddressFor,
    TimeSpan ReceiveTimeout,
    TimeSpan ReportTimeout,
    TimeSpan RetryDelay,
    TimeSpan WorkerGracePeriod,
    Auth.WorkerAuthentication Workers,
    int MaxActive = int.MaxValue,
    Web.ServerLoad? Load = null);
