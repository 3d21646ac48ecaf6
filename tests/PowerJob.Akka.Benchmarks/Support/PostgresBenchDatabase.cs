using System.Globalization;
using Npgsql;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// A throw-away schema for the distributed part in the PostgreSQL database named by <see cref="BenchVariable"/>, or by
/// <see cref="TestVariable"/> (which CI exports for the Postgres store tests) when that is not set. Every node gets a
/// connection string of its own (its own pool and application name, as a node in a process of its own would), and
/// the schema is dropped at the end.
/// </summary>
public sealed class PostgresBenchDatabase : IAsyncDisposable
{
    public const string BenchVariable = "POWERJOB_BENCH_POSTGRES";
    public const string TestVariable = "POWERJOB_TEST_POSTGRES";

    /// <summary>Connections per node: 3 PowerJob.Akka servers or 3 Quartz schedulers stay inside PostgreSQL's default 100.</summary>
    public const int PoolPerNode = 24;

    /// <summary>How long a call may wait for a connection of its node's pool (Npgsql's default is 15 s, short under overload).</summary>
    public const int PoolWaitSeconds = 60;

    private readonly string _server;
    private readonly List<string> _connectionStrings = [];

    private PostgresBenchDatabase(string server, string schema)
    {
        _server = server;
        Schema = schema;
    }

    public string Schema { get; }

    /// <summary>The server connection string to use, or <see langword="null"/> when neither variable is set.</summary>
    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(BenchVariable) is { Length: > 0 } bench ? bench
        : Environment.GetEnvironmentVariable(TestVariable) is { Length: > 0 } test ? test
        : null;

    public static async Task<PostgresBenchDatabase> CreateAsync(string server)
    {
        var database = new PostgresBenchDatabase(server, "bench_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteOnServerAsync($"CREATE SCHEMA {database.Schema}");
        return database;
    }

    /// <summary>The server's host, port and database, without the credentials, for the report.</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(_server);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>A connection string into the schema for one node; <paramref name="node"/> names it in pg_stat_activity.</summary>
    public string NodeConnectionString(string node)
    {
        var builder = new NpgsqlConnectionStringBuilder(_server)
        {
            SearchPath = Schema, ApplicationName = ApplicationPrefix + node, MaxPoolSize = PoolPerNode, Timeout = PoolWaitSeconds,
        };
        lock (_connectionStrings) _connectionStrings.Add(builder.ConnectionString);
        return builder.ConnectionString;
    }

    /// <summary>What every node's application name starts with, so the backends serving this run can be told apart.</summary>
    public string ApplicationPrefix => $"pj-bench-{Schema[^8..]}-";

    public async Task<NpgsqlConnection> OpenReaderAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { SearchPath = Schema, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_connectionStrings)
            foreach (var connectionString in _connectionStrings)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        try
        {
            await ExecuteOnServerAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"bench: could not drop the schema {Schema}: {e.GetBaseException().Message}");
        }
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
