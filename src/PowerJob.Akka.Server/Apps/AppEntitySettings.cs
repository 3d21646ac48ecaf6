using Akka.Actor;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Alarms;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Apps;

/// <summary>What every app entity on this server shares, handed over as one immutable value.</summary>
/// <param name="AlarmSender">The server's <see cref="AlarmSenderActor"/> (started with the system, after the region); none: alarms go nowhere.</param>
/// <param name="Load">The server's in-memory counts shown in <c>/health</c>; none in specs that do not look at them.</param>
/// <param name="Profile">This server's cluster address and web and worker-facing addresses, read when asked (transports start late).</param>
public sealed record AppEntitySettings(
    IPowerJobStore Store,
    TimeProvider Time,
    ServerOptions Options,
    Func<IActorRef> ProtocolSelection,
    Func<Protocol, string?> ServerAddressFor,
    Func<PeerPong> Profile,
    string Self,
    Func<IActorRef>? AlarmSender = null,
    AlarmHealth? AlarmHealth = null,
    Web.ServerLoad? Load = null);
