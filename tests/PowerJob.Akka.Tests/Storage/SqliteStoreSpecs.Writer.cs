using Microsoft.Data.Sqlite;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>The SQLite store's writer, driven directly.</summary>
public sealed partial class SqliteStoreSpecs
{
    [Fact]
    public async Task After_a_failed_batch_the_writer_runs_its_statements_on_the_new_connection()
    {
        var opened = new List<SqliteConnection>();
        await using var writer = new BatchWriter(() =>
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
            connection.Open();
            opened.Add(connection);
            return connection;
        });
        StoreWrite<long?> select = async (c, tx, ct) =>
        {
            using var statement = writer.ReusedStatement(c, tx, "SELECT @Value")!;
            statement.Set("@Value", opened.Count);
            return await statement.ReadInt64Async(ct);
        };

        Assert.Equal(1, await writer.WriteAsync(select, default));
        // Committing under the writer fails its batch, which closes the connection.
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync<long?>((_, tx, _) =>
        {
            tx!.Commit();
            return Task.FromResult<long?>(null);
        }, default));
        Assert.Equal(2, await writer.WriteAsync(select, default));

        Assert.Equal(2, opened.Count);
        Assert.Null(writer.ReusedStatement(opened[0], null, "SELECT @Value"));
    }
}
