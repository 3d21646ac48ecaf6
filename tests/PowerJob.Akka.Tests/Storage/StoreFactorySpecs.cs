using PowerJob.Akka.Configuration;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

public class StoreFactorySpecs
{
    [Fact]
    public void The_provider_picks_the_implementation()
    {
        Assert.IsType<SqliteStore>(StoreFactory.Create(StorageProvider.Sqlite, SqliteStore.DefaultConnectionString));
        Assert.IsType<PostgresStore>(StoreFactory.Create(StorageProvider.Postgres, "Host=127.0.0.1;Database=powerjob"));
        Assert.Throws<ArgumentOutOfRangeException>(() => StoreFactory.Create((StorageProvider)42, "x"));
    }
}
