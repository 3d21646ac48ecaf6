namespace PowerJob.Akka.Storage;

/// <summary>A registered application; <see cref="PasswordHash"/> comes from <see cref="PasswordHasher"/>.</summary>
public sealed record AppRecord(long Id, string AppName, string PasswordHash, DateTimeOffset CreatedAt);
