using Akka.Actor;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Logging;

/// <summary>The <see cref="IOmsLogger"/> handed to processors: lines go to the worker's <see cref="InstanceLogActor"/>.</summary>
internal sealed class OmsLogger(InstanceLogToken attempt, IActorRef logs, TimeProvider time) : IOmsLogger
{
    public void Debug(string message) => Write(OmsLogLevel.Debug, message);
    public void Info(string message) => Write(OmsLogLevel.Info, message);
    public void Warn(string message) => Write(OmsLogLevel.Warn, message);
    public void Error(string message) => Write(OmsLogLevel.Error, message);

    private void Write(OmsLogLevel level, string message) =>
        logs.Tell(new OmsLogLine(attempt.InstanceId, time.GetUtcNow().ToUnixTimeMilliseconds(), level, message, attempt));
}
