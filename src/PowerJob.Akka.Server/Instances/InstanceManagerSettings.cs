using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>What the instance manager needs, handed over as one immutable value.</summary>
public sealed record InstanceManagerSettings(
    IPowerJobStore Store,
    TimeProvider Time,
    IActorRef WorkerRegistry,
    IActorRef ProtocolSelection,
    Func<Protocol, string?> ServerAddressFor,
    Func<string, bool> OwnsApp,
    Func<string, string?> OwnerOf,
    TimeSpan ReceiveTimeout,
    TimeSpan ReportTimeout,
    TimeSpan RetryDelay,
    TimeSpan WorkerGracePeriod);
