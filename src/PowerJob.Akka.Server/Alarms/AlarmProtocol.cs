using PowerJob.Akka.Model;

namespace PowerJob.Akka.Server.Alarms;

/// <summary>What an alarm says: the app, job and instance that failed, why, and where the console shows it.</summary>
public sealed record Alarm(long AppId, string AppName, long JobId, string JobName, long InstanceId, InstanceStatus Status,
    string? Reason, DateTimeOffset At, int Failures, TimeSpan Window, string ConsoleLink);

/// <summary>Told to the server's <see cref="AlarmSenderActor"/>: deliver <see cref="Alarm"/> to every webhook and address.</summary>
public sealed record SendAlarm(Alarm Alarm, IReadOnlyList<string> Webhooks, IReadOnlyList<string> Emails);
