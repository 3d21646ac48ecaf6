using System.Data.Common;

namespace PowerJob.Akka.Storage;

/// <summary>
/// The commands one connection runs again and again, one per SQL text. Microsoft.Data.Sqlite prepares a command's SQL
/// on its first run and keeps it prepared while the text stays the same, so a reused command skips preparing, which a
/// new command per run (what Dapper makes) repeats every time; on PostgreSQL it saves making a command and its
/// parameters per run. Used by the connection's one user at a time.
/// </summary>
internal sealed class CommandCache(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection => connection;

    /// <summary>The command for <paramref name="sql"/>, made on its first use, now in <paramref name="transaction"/>.</summary>
    public DbCommand Command(string sql, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Disposes the commands (and so their prepared statements); call before closing the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync().ConfigureAwait(false);
        _commands.Clear();
    }
}
