using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Storage;

public static class StoreFactory
{
    public static IPowerJobStore Create(StorageProvider provider, string connectionString, TimeProvider? timeProvider = null) =>
        provider switch
        {
            StorageProvider.Sqlite => new SqliteStore(connectionString, timeProvider),
            StorageProvider.Postgres => new PostgresStore(connectionString, timeProvider),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown storage provider"),
        };
}
