using Akka.Actor;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Alarms;

/// <summary>What an app's alarm counting needs, handed over as one immutable value.</summary>
/// <param name="ConsoleUrl">Base URL of the console (read when an alarm is raised: the web port is bound late).</param>
public sealed record AlarmSettings(IPowerJobStore Store, IActorRef Sender, AlarmHealth Health, Func<string> ConsoleUrl);
