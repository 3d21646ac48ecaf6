using System.Data.Common;
using Npgsql;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The settings <see cref="PostgresStore"/> adds to the connection string it is given: Npgsql then prepares, server
/// side, the statements a connection runs again and again (every instance goes through the same few), so PostgreSQL
/// plans them once per connection instead of once per run. A setting the given string names itself is kept.
/// </summary>
internal static class PostgresConnectionString
{
    public const int DefaultMaxAutoPrepare = 32;
    public const int DefaultAutoPrepareMinUsages = 2;

    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's builder reports its default for a setting the string leaves out, so the keys are read from the raw string.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!Names(given, nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare))) builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!Names(given, nameof(NpgsqlConnectionStringBuilder.AutoPrepareMinUsages)))
            builder.AutoPrepareMinUsages = DefaultAutoPrepareMinUsages;
        return builder.ConnectionString;
    }

    // Npgsql accepts a setting's name with or without its spaces ("Max Auto Prepare", "MaxAutoPrepare"), in any case.
    private static bool Names(DbConnectionStringBuilder given, string setting) =>
        given.Keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), setting,
            StringComparison.OrdinalIgnoreCase));
}
