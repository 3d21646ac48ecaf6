namespace PowerJob.Akka.Storage;

public sealed record InstanceLogLine(long InstanceId, DateTimeOffset Time, string Level, string Content, string? WorkerAddress);
