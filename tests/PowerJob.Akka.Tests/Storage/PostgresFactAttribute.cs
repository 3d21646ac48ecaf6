namespace PowerJob.Akka.Tests.Storage;

/// <summary>A test that needs PostgreSQL; reported as skipped, with the reason, when it is not configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.SkipReason is { } reason) Skip = reason;
    }
}
