using Npgsql;

namespace PowerJob.Akka.Tests.Storage;

/// <summary>A throw-away schema in the database named by <see cref="Variable"/>, one per test.</summary>
internal sealed class PostgresTestDatabase
{
    public const string Variable = "POWERJOB_TEST_POSTGRES";

    private readonly string _server;
    private readonly List<string> _connectionStrings = [];
    private int _clients;

    public PostgresTestDatabase()
    {
        _server = ServerConnectionString ?? throw new InvalidOperationException(SkipReason);
        Schema = "t_" + Guid.NewGuid().ToString("N");
    }

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string? SkipReason => ServerConnectionString is null
        ? $"PostgreSQL not configured: set {Variable}, e.g. Host=127.0.0.1;Port=5432;Username=powerjob;Password=powerjob;Database=powerjob_test"
        : null;

    public string Schema { get; }

    /// <summary>A connection string into the schema; each call gets its own pool, as a separate server would.</summary>
    public string NewConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(_server)
        {
            SearchPath = Schema,
            ApplicationName = $"powerjob-test-{Interlocked.Increment(ref _clients)}",
        };
        lock (_connectionStrings) _connectionStrings.Add(builder.ConnectionString);
        return builder.ConnectionString;
    }

    public Task CreateAsync() => ExecuteOnServerAsync($"CREATE SCHEMA {Schema}");

    public async Task DropAsync()
    {
        lock (_connectionStrings)
        {
            foreach (var connectionString in _connectionStrings)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
        await ExecuteOnServerAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
